// Signals that come while run's main thread is blocked (a runDecorator call,
// a synchronous loop): no handler of the event loop can run then.
import { describe, expect, it, onTestFinished } from 'vitest';
import { Child, RUN_URL, writeProgram } from './testing/child';

const head = `import { run, runDecorator } from '${RUN_URL}';
const block = (ms) => { const end = performance.now() + ms; while (performance.now() < end); };
// Prints from its worker, so 'blocked' means the caller is waiting.
const nap = runDecorator((ms) => { console.log('blocked'); return new Promise((resolve) => setTimeout(resolve, ms)); });
const hang = runDecorator(() => { console.log('blocked'); return new Promise(() => {}); });
`;

/**
 * Starts `source` and sends `signal` `times` times: the first once it prints
 * 'blocked', each later one once it prints 'blocked' again, or (`sameBlock`)
 * 100 ms after the one before.
 */
async function signalWhenBlocked(
  source: string,
  signal: NodeJS.Signals,
  times = 1,
  sameBlock = false,
): Promise<{ exit: Awaited<Child['exited']>; afterLast: number }> {
  const child = new Child(writeProgram(`${head}${source}`));
  // A program that never ends would outlive a failed test.
  onTestFinished(() => {
    if (!child.done) child.kill('SIGKILL');
  });
  let sent = 0;
  let last = 0;
  while (sent < times) {
    if (sent > 0 && sameBlock) await new Promise((resolve) => setTimeout(resolve, 100));
    else {
      await blockedTimes(child, sent + 1);
      // 'blocked' is printed before the call blocks, and a runDecorator call
      // watches for SIGINT only once it has blocked 5 ms (ARM_AFTER_MS): a
      // signal sent before then waits for the call to return (documented).
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    child.kill(signal);
    last = performance.now();
    sent++;
  }
  const exit = await child.exited;
  return { exit, afterLast: performance.now() - last };
}

/** Resolves once the program has printed 'blocked' `count` times. */
async function blockedTimes(child: Child, count: number): Promise<void> {
  const deadline = performance.now() + 20_000;
  while (child.stdout.split('blocked\n').length <= count) {
    if (child.done) throw new Error(`the program exited before printing 'blocked' ${count} times; stdout: ${child.stdout}`);
    if (performance.now() > deadline) throw new Error(`the program did not print 'blocked' ${count} times within 20 s; stdout: ${child.stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('run: a %s while the main thread is blocked', (signal, exitCode) => {
  it(`is not lost when main settles right after the block: the process exits ${exitCode}`, async () => {
    // The signal comes through only once the loop runs again: main has settled by then.
    const { exit } = await signalWhenBlocked(`run(() => { console.log('blocked'); block(1500); console.log('returned'); });`, signal);
    expect(exit).toMatchObject({ code: exitCode, stdout: 'blocked\nreturned\n', stderr: `interrupted by ${signal}\n` });
  });

  it(`two of them during decorated calls end the process at once (${exitCode}), at the latest when the call returns`, async () => {
    // A SIGINT makes the call give way (main catches that, then blocks again); a SIGTERM cannot, so both come in one call.
    const { exit } = await signalWhenBlocked(
      `run(() => { try { nap(1500); } catch (error) { console.log('gave way: ' + error.message); nap(1500); } console.log('returned'); });`,
      signal,
      2,
      signal === 'SIGTERM',
    );
    expect(exit.code).toBe(exitCode);
    if (signal === 'SIGINT') {
      expect(exit).toMatchObject({ stdout: 'blocked\ngave way: interrupted by SIGINT\nblocked\n', stderr: 'a second SIGINT: exiting at once\n' });
    } else {
      // Both come through once the call has returned, and main with it.
      expect(exit).toMatchObject({ stdout: 'blocked\nreturned\n', stderr: 'interrupted by SIGTERM\na second SIGTERM: exiting at once\n' });
    }
  });
});

describe('run: SIGINT while a runDecorator call blocks', () => {
  it('makes the call give way at once: it throws main\'s abort reason, and main stops with 130', async () => {
    const { exit, afterLast } = await signalWhenBlocked(
      `run((signal) => { try { hang(); } catch (error) { console.log('same reason: ' + (error === signal.reason) + ', aborted: ' + signal.aborted); throw error; } });`,
      'SIGINT',
    );
    expect(exit).toMatchObject({ code: 130, stdout: 'blocked\nsame reason: true, aborted: true\n', stderr: 'interrupted by SIGINT\n' });
    expect(afterLast).toBeLessThan(10_000);
  });

  it('a call that never settles, twice interrupted, ends the process at the second SIGINT (130)', async () => {
    const { exit, afterLast } = await signalWhenBlocked(
      `run(() => { try { hang(); } catch (error) { console.log(error.name); } hang(); });`,
      'SIGINT',
      2,
    );
    expect(exit).toMatchObject({ code: 130, stdout: 'blocked\nAbortError\nblocked\n', stderr: 'a second SIGINT: exiting at once\n' });
    expect(afterLast).toBeLessThan(10_000);
  });

  it('the decorated function works again after it gave way (on a fresh worker)', async () => {
    const { exit } = await signalWhenBlocked(
      `const twice = runDecorator((n) => n * 2);
      run(async (signal) => { try { hang(); } catch {} console.log('after: ' + twice(21) + ' ' + signal.aborted); });`,
      'SIGINT',
    );
    // main handled the signal and returned: a clean exit.
    expect(exit).toMatchObject({ code: 0, stdout: 'blocked\nafter: 42 true\n', stderr: '' });
  });

  it('without run, Node\'s default still ends the process at the first SIGINT', async () => {
    const { exit } = await signalWhenBlocked(`hang();`, 'SIGINT');
    expect(exit).toMatchObject({ code: null, signal: 'SIGINT' });
  });
});
