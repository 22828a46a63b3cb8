// The pool's own errors: one exported class each, with a name and a stable
// code, whatever the runtime and the path that threw them.
import { afterAll, describe, expect, it } from 'vitest';
import {
  DataCloneError,
  ExecutorPool,
  IdleExit,
  mapInProcesses,
  mapInThreads,
  PoolShutDownError,
  PROCESS_POOL,
  THREAD_POOL,
  UnsupportedHostError,
  WorkerDiedError,
  WorkerStartError,
} from './index';
import { RUNTIMES } from './testing/helpers';

afterAll(async () => {
  await Promise.all([THREAD_POOL.shutdown(), PROCESS_POOL.shutdown()]);
});

const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(
  (value) => { throw new Error(`expected a rejection, got ${String(value)}`); },
  (error: unknown) => error,
);

function expectDataClone(error: unknown, where: RegExp): void {
  expect(error).toBeInstanceOf(DataCloneError);
  expect(error).toBeInstanceOf(TypeError);
  expect(error).toMatchObject({ name: 'DataCloneError', code: 'ERR_AIOX_DATA_CLONE' });
  expect((error as Error).message).toMatch(where);
}

describe.each(RUNTIMES)('errors over %s', (runtime) => {
  const pool = new ExecutorPool(runtime);
  pool.initialize({ maxWorkers: 2 });
  const map = runtime === 'worker_threads' ? mapInThreads : mapInProcesses;
  afterAll(() => pool.shutdown());

  it('a value that cannot be copied is a DataCloneError, a TypeError, on every path', async () => {
    expectDataClone(await failure(pool.call((options: { retry: unknown }) => options, [{ retry: () => 1 }])), /args\[0\]\.retry is a function/);
    expectDataClone(await failure(pool.call(() => ({ later: () => 2 }), [])), /the result\.later is a function/);
    expectDataClone(await failure(map((x: number) => (x === 2 ? Symbol('s') : x), [1, 2, 3])), /a symbol/);
    expectDataClone(await failure(map((x: unknown) => x, [1, () => 2])), /is a function/);
    const task = pool.open(
      (port: { send(message: unknown): void; onMessage(listener: (message: unknown) => void): void }) =>
        new Promise((_, reject) => port.onMessage(() => {
          try {
            port.send({ f: () => 1 });
          } catch (error) {
            reject(error);
          }
        })),
      [],
    );
    let sent: unknown;
    try {
      task.send({ f: () => 1 });
    } catch (error) {
      sent = error;
    }
    expectDataClone(sent, /the message\.f is a function/);
    task.send('go');
    expectDataClone(await failure(task.result), /the message\.f is a function/);
  });

  it('a worker that dies is a WorkerDiedError, with its exit code', async () => {
    const error = await failure(pool.call(() => process.exit(7), []));
    expect(error).toBeInstanceOf(WorkerDiedError);
    expect(error).toMatchObject({ name: 'WorkerDiedError', code: 'ERR_AIOX_WORKER_DIED', exitCode: 7, signal: null });
    expect((error as Error).message).toBe('worker exited with code 7 while running the task');
  });

  it('a pool shut down without waiting fails its calls with a PoolShutDownError', async () => {
    const own = new ExecutorPool(runtime);
    const outcome = failure(own.call(() => new Promise(() => {}), []));
    await own.shutdown({ wait: false });
    const error = await outcome;
    expect(error).toBeInstanceOf(PoolShutDownError);
    expect(error).toMatchObject({ name: 'PoolShutDownError', code: 'ERR_AIOX_POOL_SHUT_DOWN' });
  });
});

describe('errors made without a worker', () => {
  it.each([
    ['WorkerStartError', new WorkerStartError(new Error('refused')), WorkerStartError, 'ERR_AIOX_WORKER_START_FAILED'],
    ['UnsupportedHostError', new UnsupportedHostError('no'), UnsupportedHostError, 'ERR_AIOX_UNSUPPORTED_HOST'],
    ['IdleExit', new IdleExit(), IdleExit, 'ERR_AIOX_IDLE_EXIT'],
  ] as const)('%s has its name and code', (name, error, type, code) => {
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name, code });
    // Another class's code is not enough.
    expect(Object.assign(new Error('x'), { code: 'ERR_AIOX_SOMETHING_ELSE' })).not.toBeInstanceOf(type);
  });

  it('a copy of a class (another bundle, or decoded from a worker) is recognized by its code', () => {
    expect(Object.assign(new TypeError('x'), { code: 'ERR_AIOX_DATA_CLONE' })).toBeInstanceOf(DataCloneError);
    expect(Object.assign(new Error('x'), { code: 'ERR_AIOX_DATA_CLONE' })).not.toBeInstanceOf(DataCloneError);
    expect(Object.assign(new Error('x'), { code: 'ERR_AIOX_WORKER_DIED' })).toBeInstanceOf(WorkerDiedError);
  });
});
