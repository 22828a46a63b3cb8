import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runDecorator } from './index';
import { POOL_URL, RUN_URL, runProgram, writeProgram } from './testing/child';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('runDecorator: a worker that dies', () => {
  it('exits during a call: the call throws how it died, and the next call gets a fresh worker', () => {
    const task = runDecorator((exit: boolean) => {
      if (exit) process.exit(3);
      return (globalThis as { seen?: number }).seen === undefined ? 'fresh' : 'reused';
    });
    expect(() => task(true)).toThrow(
      expect.objectContaining({
        code: 'ERR_AIOX_WORKER_DIED',
        exitCode: 3,
        message: 'the worker running the decorated function exited with code 3 before the call settled; the next call starts a fresh worker',
      }),
    );
    expect(task(false)).toBe('fresh');
  });

  it('crashes on an uncaught error from a callback of the call: the call throws with that error as its cause', () => {
    const task = runDecorator(
      () =>
        new Promise(() => {
          setTimeout(() => {
            throw new TypeError('stray callback');
          }, 1);
        }),
    );
    let caught: unknown;
    try {
      task();
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'ERR_AIOX_WORKER_DIED', message: expect.stringContaining('crashed with an uncaught TypeError: stray callback') });
    expect((caught as Error).cause).toBeInstanceOf(TypeError);
  });

  // Node 24 sometimes takes the whole process down when a worker with
  // resourceLimits runs out of memory (V8's fatal "Reached heap limit", not
  // the worker's ERR_WORKER_OUT_OF_MEMORY: 1 run in 6 of this test on Node
  // 24.9, none on 20 and 22), and with it the test runner's worker. Nothing
  // in the worker's code can catch that; the README says so.
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  it.skipIf(nodeMajor >= 24)('runs out of memory: the call throws saying so, and the next call works', () => {
    const grow = runDecorator(
      (forever: boolean) => {
        const hoard: string[][] = [];
        while (forever) hoard.push(Array.from({ length: 10_000 }, (_, i) => `${i}-${hoard.length}`));
        return hoard.length;
      },
      { maxOldGenerationSizeMb: 32 },
    );
    expect(() => grow(true)).toThrow(expect.objectContaining({ code: 'ERR_AIOX_WORKER_DIED', message: expect.stringContaining('ran out of memory') }));
    expect(grow(false)).toBe(0);
  });

  it('dies between calls (after answering): the next call gets a fresh worker, not an error', async () => {
    const task = runDecorator((n: number) => {
      setTimeout(() => process.exit(1), 20);
      return n;
    });
    expect(task(1)).toBe(1);
    await pause(300);
    expect(task(2)).toBe(2);
  });
});

describe('runDecorator: an uncaught error between calls', () => {
  it('is reported on stderr with the function, the error and its stack; the worker is replaced and the next call runs on a fresh one', async () => {
    const exit = await runProgram(`import { runDecorator } from '${RUN_URL}';
      const tick = runDecorator(function tick(fail) {
        globalThis.calls = (globalThis.calls ?? 0) + 1;
        if (fail) setTimeout(() => { throw new Error('boom'); }, 10);
        return globalThis.calls;
      });
      console.log('first ' + tick(true));
      setTimeout(() => console.log('next ' + tick(false)), 500);`);
    expect(exit.code).toBe(0);
    // The worker that held calls = 1 was replaced: the next call counts from 1 again.
    expect(exit.stdout).toBe('first 1\nnext 1\n');
    expect(exit.stderr).toMatch(
      /^@aiox\/run: the function tick, decorated with runDecorator, threw after its call had returned; its worker exited, and the next call starts a fresh one \(what the function kept in the worker is lost\)\.\nError: boom\n {4}at /,
    );
    expect(exit.stderr.match(/boom/g)).toHaveLength(1);
  });

  it('names a module export by its name and module', async () => {
    const file = writeProgram(`export function later() { setTimeout(() => { throw new TypeError('late'); }, 10); return 'ok'; }`);
    const exit = await runProgram(`import { runDecorator } from '${RUN_URL}';
      import { moduleTask } from '${POOL_URL}';
      const later = runDecorator(moduleTask(${JSON.stringify(file)}, 'later'));
      console.log(later());
      setTimeout(() => {}, 300);`);
    expect(exit).toMatchObject({ code: 0, stdout: 'ok\n' });
    expect(exit.stderr).toContain(`@aiox/run: the function later of ${pathToFileURL(file).href}, decorated with runDecorator, threw after its call had returned`);
    expect(exit.stderr).toContain('TypeError: late');
  });
});

describe('runDecorator: the process', () => {
  it('is not kept alive by the worker (nor its guardian) once the program is done', async () => {
    const started = performance.now();
    const exit = await runProgram(`import { runDecorator } from '${RUN_URL}';
      const double = runDecorator(async (n) => n * 2);
      console.log(double(21));`);
    expect(exit).toMatchObject({ code: 0, stdout: '42\n', stderr: '' });
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('sleeps while it waits: a 400 ms call costs the process little CPU', async () => {
    const exit = await runProgram(`import { runDecorator } from '${RUN_URL}';
      const sleep = runDecorator((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
      sleep(1);
      const before = process.cpuUsage();
      const started = performance.now();
      sleep(400);
      const cpu = process.cpuUsage(before);
      console.log(JSON.stringify({ wall: performance.now() - started, cpu: (cpu.user + cpu.system) / 1000 }));`);
    expect(exit.code).toBe(0);
    const { wall, cpu } = JSON.parse(exit.stdout) as { wall: number; cpu: number };
    expect(wall).toBeGreaterThanOrEqual(395);
    // Polling for 400 ms would cost about 400 ms of CPU.
    expect(cpu).toBeLessThan(80);
  });

  it('what the function prints reaches stdout before the call returns, in order with the caller', async () => {
    const exit = await runProgram(`import { runDecorator } from '${RUN_URL}';
      const greet = runDecorator((name) => { console.log('hello from the worker, ' + name); return 'ok'; });
      console.log(greet('ada'));`);
    expect(exit.code).toBe(0);
    expect(exit.stdout).toBe('hello from the worker, ada\nok\n');
  });
});
