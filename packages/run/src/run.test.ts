import { describe, expect, it } from 'vitest';
import { Child, POOL_URL, RUN_URL, runProgram, writeProgram } from './testing/child';

const head = `import { run, Interrupted } from '${RUN_URL}';\n`;

describe('run: outcome and exit code', () => {
  it('settles with the value of main, a function of a signal or a promise, and leaves the exit code alone', async () => {
    const exit = await runProgram(`${head}
      const a = await run(async (signal) => (signal instanceof AbortSignal && !signal.aborted ? 'fn' : 'bad'));
      const b = await run(Promise.resolve('promise'));
      const c = await run(() => 'sync');
      // An explicit undefined is an option left out.
      const d = await run(async () => 'undefined debug', { debug: undefined });
      console.log([a, b, c, d].join(' '));`);
    expect(exit).toMatchObject({ code: 0, stdout: 'fn promise sync undefined debug\n', stderr: '' });
  });

  it('prints a failure with its cause chain on stderr and sets exit code 1 (the returned promise rejects with it)', async () => {
    const exit = await runProgram(`${head}
      const failure = new Error('could not sync the catalogue', { cause: new TypeError('price is not a number', { cause: new RangeError('innermost') }) });
      run(async () => { throw failure; }).catch((error) => console.log(error === failure ? 'same error' : 'other'));`);
    expect(exit.code).toBe(1);
    expect(exit.stdout).toBe('same error\n');
    expect(exit.stderr).toContain('Error: could not sync the catalogue');
    expect(exit.stderr).toContain('[cause]: TypeError: price is not a number');
    expect(exit.stderr).toContain('[cause]: RangeError: innermost');
  });

  it('turns a synchronous throw of main into a rejection, and prints a value that is not an Error', async () => {
    const exit = await runProgram(`${head}
      const p = run(() => { throw 42; });
      console.log(p instanceof Promise ? 'promise' : 'thrown');`);
    expect(exit.code).toBe(1);
    expect(exit.stdout).toBe('promise\n');
    expect(exit.stderr).toBe('main failed with a value that is not an Error: 42\n');
  });

  it('an unawaited run that fails is no unhandled rejection', async () => {
    const exit = await runProgram(`${head}
      process.on('unhandledRejection', () => console.log('UNHANDLED'));
      run(() => Promise.reject(new Error('boom')));
      setTimeout(() => console.log('still here'), 50);`);
    expect(exit.code).toBe(1);
    expect(exit.stdout).toBe('still here\n');
    expect(exit.stderr).toContain('Error: boom');
  });

  it('cuts no output short: 20,000 lines written, then a failure, all arrive', async () => {
    const exit = await runProgram(`${head}
      run(async () => {
        for (let i = 0; i < 20000; i++) process.stdout.write('line ' + i + ' ' + 'x'.repeat(40) + '\\n');
        throw new Error('failed after writing');
      });`);
    expect(exit.code).toBe(1);
    const lines = exit.stdout.split('\n');
    expect(lines.length).toBe(20_001);
    expect(lines[19_999]).toMatch(/^line 19999 x{40}$/);
    expect(exit.stderr).toContain('failed after writing');
  });

  it('keeps the process alive while main waits only on its signal', async () => {
    const child = new Child(
      writeProgram(`${head}
      run((signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve('stopped'))))
        .then((value) => console.log(value));
      console.log('waiting');`),
    );
    await child.waitFor('waiting');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(child.done).toBe(false);
    child.kill('SIGINT');
    // main handled the signal and returned: a clean exit.
    expect(await child.exited).toMatchObject({ code: 0, stdout: 'waiting\nstopped\n', stderr: '' });
  });
});

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('run: %s', (signal, exitCode) => {
  it(`aborts main's signal with an Interrupted reason that names ${signal}; rejecting with it exits ${exitCode} with one line`, async () => {
    const child = new Child(
      writeProgram(`${head}
      run((signal) => new Promise((_, reject) => {
        signal.addEventListener('abort', () => {
          const r = signal.reason;
          console.log([r instanceof Interrupted, r instanceof DOMException, r.name, r.signal, r.exitCode, r.message].join('|'));
          reject(r);
        });
        console.log('ready');
      }));`),
    );
    await child.waitFor('ready');
    child.kill(signal);
    const exit = await child.exited;
    expect(exit.stdout).toBe(`ready\ntrue|true|AbortError|${signal}|${exitCode}|interrupted by ${signal}\n`);
    expect(exit).toMatchObject({ code: exitCode, stderr: `interrupted by ${signal}\n` });
  });

  it(`a second ${signal} ends the process at once with ${exitCode}`, async () => {
    const child = new Child(
      writeProgram(`${head}
      // main ignores its signal and would run for a minute.
      run((signal) => new Promise((resolve) => {
        signal.addEventListener('abort', () => console.log('first'));
        setTimeout(resolve, 60_000);
        console.log('ready');
      }));`),
    );
    await child.waitFor('ready');
    child.kill(signal);
    await child.waitFor('first');
    const sent = performance.now();
    child.kill(signal);
    const exit = await child.exited;
    expect(exit.code).toBe(exitCode);
    expect(exit.stderr).toBe(`a second ${signal}: exiting at once\n`);
    expect(performance.now() - sent).toBeLessThan(10_000);
  });

  it(`with a promise for main (nothing can hear it), the first ${signal} ends the process`, async () => {
    const child = new Child(
      writeProgram(`${head}
      run(new Promise((resolve) => setTimeout(resolve, 60_000)));
      console.log('ready');`),
    );
    await child.waitFor('ready');
    child.kill(signal);
    expect(await child.exited).toMatchObject({ code: exitCode, stderr: `${signal}: exiting at once\n` });
  });
});

describe('run: after main settles', () => {
  it('gives the signal handlers back: listeners are as before, and a later SIGINT ends the process as usual', async () => {
    const child = new Child(
      writeProgram(`${head}
      const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')].join();
      let during;
      await run(async () => { during = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')].join(); });
      await run(Promise.reject(new Error('x'))).catch(() => {});
      process.exitCode = 0;
      const after = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')].join();
      console.log(before + ' ' + during + ' ' + after);
      setInterval(() => {}, 1000);`),
    );
    await child.waitFor('0,0 1,1 0,0');
    child.kill('SIGINT');
    // Node's own default: killed by the signal, no handler left to catch it.
    expect(await child.exited).toMatchObject({ code: null, signal: 'SIGINT' });
  });

  it('shuts down the pools main started (so the process exits at once), not one started before', async () => {
    const exit = await runProgram(`${head}
      import { THREAD_POOL, PROCESS_POOL, ExecutorPool, inThread, inProcess } from '${POOL_URL}';
      const before = new ExecutorPool('worker_threads');
      before.initialize();
      const value = await run(async () => {
        const a = await inThread((x) => x * 2, 21);
        const b = await inProcess(() => 'child');
        // Left running by main: ended with its pool.
        inThread(() => new Promise(() => {})).catch((error) => console.log('orphan ended:', error.message));
        return a + ' ' + b + ' ' + [THREAD_POOL.initialized, PROCESS_POOL.initialized].join();
      });
      console.log(value, 'after:', [THREAD_POOL.initialized, PROCESS_POOL.initialized, before.initialized].join());
      await before.shutdown();`);
    expect(exit.stderr).toBe('');
    expect(exit.code).toBe(0);
    // The orphan is ended before run settles.
    expect(exit.stdout).toMatch(/^orphan ended: the pool was shut down.+\n42 child true,true after: false,false,true\n$/);
  });

  it('does not load @aiox/pool (nor tinypool) when the program never uses a pool', async () => {
    const exit = await runProgram(
      `const { run } = require(${JSON.stringify(new URL(RUN_URL.replace(/\.js$/, '.cjs')).pathname)});
      run(async () => 'done').then(() => {
        const loaded = Object.keys(require.cache);
        console.log(loaded.some((file) => file.includes('tinypool')), loaded.some((file) => /pool[\\\\/]dist[\\\\/]index\\.cjs$/.test(file)), loaded.length > 1);
      });`,
      'cjs',
    );
    expect(exit).toMatchObject({ code: 0, stdout: 'false false true\n', stderr: '' });
  });
});

describe('run: debug', () => {
  const blocker = `const block = (ms) => { const end = performance.now() + ms; while (performance.now() < end); };`;

  it('reports each event-loop stall over 100 ms on stderr, with its duration, and stops when main settles', async () => {
    const exit = await runProgram(`${head}${blocker}
      const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
      await run(async () => {
        await pause(50);
        block(300);
        await pause(50);
        for (let i = 0; i < 5; i++) { block(30); await pause(20); }
        block(200);
        await pause(50);
      }, { debug: true });
      block(300);
      await pause(50);
      console.log('done');`);
    expect(exit).toMatchObject({ code: 0, stdout: 'done\n' });
    const reports = exit.stderr.trim().split('\n');
    expect(reports).toHaveLength(2);
    const durations = reports.map((line) => Number(/blocked for (\d+) ms/.exec(line)?.[1]));
    expect(durations[0]).toBeGreaterThanOrEqual(280);
    expect(durations[0]).toBeLessThan(600);
    expect(durations[1]).toBeGreaterThanOrEqual(180);
    expect(durations[1]).toBeLessThan(500);
    expect(reports[0]).toContain('move CPU work to a worker');
  });

  it('reports nothing without debug', async () => {
    const exit = await runProgram(`${head}${blocker}
      await run(async () => { block(300); await new Promise((resolve) => setTimeout(resolve, 50)); });`);
    expect(exit).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('run: bad input', () => {
  it('refuses a main that is neither a function nor a promise, and malformed options, naming them', async () => {
    const { run } = await import('./index');
    expect(() => run(42 as never)).toThrow(new TypeError('main must be a function or a promise (received 42)'));
    expect(() => run({ then: 1 } as never)).toThrow(TypeError);
    expect(() => run(() => 1, 5 as never)).toThrow(/^options must be an object or undefined \(received 5\)$/);
    expect(() => run(() => 1, { debug: 'yes' as never })).toThrow(/^options\.debug must be a boolean \(received "yes"\)$/);
  });
});

describe('run: two at once', () => {
  it('a pool started while both were pending is shut down when the last of them settles', async () => {
    const exit = await runProgram(`${head}
      import { THREAD_POOL, inThread } from '${POOL_URL}';
      let releaseLong;
      const long = run(() => new Promise((resolve) => { releaseLong = resolve; }));
      await run(async () => inThread(() => 1));
      const afterShort = THREAD_POOL.initialized;
      releaseLong();
      await long;
      console.log(afterShort, THREAD_POOL.initialized);`);
    expect(exit).toMatchObject({ code: 0, stdout: 'true false\n', stderr: '' });
  });
});
