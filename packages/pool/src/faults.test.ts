import { afterEach, describe, expect, it } from 'vitest';
import { ExecutorPool, type ExecutorPoolOptions } from './executor-pool';
import type { Runtime } from './runtime/adapter';
import { awaitLatch, childPids, FileLatch, RUNTIMES } from './testing/helpers';

const pools: ExecutorPool[] = [];
const latches: FileLatch[] = [];
afterEach(async () => {
  const started = performance.now();
  await Promise.all(pools.splice(0).map((pool) => pool.shutdown()));
  // Never hangs (a hang would hit the test timeout instead).
  expect(performance.now() - started).toBeLessThan(10_000);
  expect(childPids()).toEqual([]);
  for (const latch of latches.splice(0)) latch.dispose();
});

function makePool(runtime: Runtime, maxWorkers: number, options: ExecutorPoolOptions = {}): ExecutorPool {
  const pool = new ExecutorPool(runtime, options);
  pool.initialize({ maxWorkers });
  pools.push(pool);
  return pool;
}

const workerId = (): number => {
  const threads = process.getBuiltinModule('node:worker_threads');
  return threads.isMainThread ? process.pid : threads.threadId;
};

describe.each(RUNTIMES)('faults in %s', (runtime) => {
  it('a worker that calls process.exit(3) fails only its own task, is replaced, and the pool keeps serving', async () => {
    const pool = makePool(runtime, 2);
    const latch = new FileLatch();
    latches.push(latch);
    const bystander = pool.call(awaitLatch, [latch.dir]);
    await latch.started();
    const dying = pool.call(() => process.exit(3), []);
    await expect(dying).rejects.toThrow('worker exited with code 3 while running the task');
    latch.open();
    expect(await bystander).toBe(1);
    const ids = await Promise.all([pool.call(workerId, []), pool.call(workerId, [])]);
    expect(ids.every((id) => typeof id === 'number')).toBe(true);
    expect(pool.pool.threads.length).toBeLessThanOrEqual(2);
  });

  it('a worker out of memory fails its task with a message that says so', async () => {
    const pool = makePool(runtime, 1, { maxOldGenerationSizeMb: 32 });
    const hog = () => {
      const kept: number[][] = [];
      for (;;) kept.push(new Array(100_000).fill(Math.random()));
    };
    await expect(pool.call(hog, [])).rejects.toThrow(/worker ran out of memory.*while running the task/);
    expect(await pool.call(() => 'after', [])).toBe('after');
  });

  it('an error thrown after the task returned crashes nothing and fails no later task; the worker is replaced', async () => {
    const pool = makePool(runtime, 1);
    const late = () => {
      setTimeout(() => {
        throw new Error('late');
      }, 0);
      const threads = process.getBuiltinModule('node:worker_threads');
      return threads.isMainThread ? process.pid : threads.threadId;
    };
    const first = await pool.call(late, []);
    // Gives the late timer time to fire wherever the worker is.
    const second = await pool.call(() => new Promise((resolve) => setTimeout(() => resolve('second'), 50)), []);
    expect(second).toBe('second');
    const third = await pool.call(workerId, []);
    expect(third).not.toBe(first);
  });

  it('a task that never settles does not stop shutdown({ wait: false })', async () => {
    const pool = makePool(runtime, 1);
    const latch = new FileLatch();
    latches.push(latch);
    const stuck = expect(pool.call(awaitLatch, [latch.dir])).rejects.toThrow(/pool was shut down/);
    await latch.started();
    await pool.shutdown({ wait: false });
    await stuck;
  });
});

describe('faults in child_process only', () => {
  it('a worker killed by a signal fails its task with the signal, and is replaced', async () => {
    const pool = makePool('child_process', 1);
    await expect(pool.call(() => process.kill(process.pid, 'SIGKILL'), [])).rejects.toThrow(
      'worker was killed by signal SIGKILL while running the task',
    );
    expect(await pool.call(() => 'alive', [])).toBe('alive');
  });
});

describe('shutdown', () => {
  // tinypool 2.2's destroy() waits for an `exit` event per worker, which a
  // thread that already exited unnoticed never emits again.
  it('does not hang on a thread that exited behind tinypool’s back', { timeout: 20_000 }, async () => {
    const pool = new ExecutorPool('worker_threads');
    pool.initialize({ maxWorkers: 1 });
    // Straight to tinypool, bypassing the pool's exit watch.
    const orphan = pool.pool.run({ source: '(() => process.exit(3))', args: [] }).then(
      () => 'settled',
      () => 'settled',
    );
    const threads = pool.pool.threads;
    await new Promise((resolve) => threads[0]?.once('exit', resolve));
    await pool.shutdown({ wait: false });
    expect(await orphan).toBe('settled');
  });
});
