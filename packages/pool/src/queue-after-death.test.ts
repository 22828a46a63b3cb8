import { afterEach, describe, expect, it } from 'vitest';
import { ExecutorPool } from './executor-pool';
import { awaitLatch, childPids, FileLatch, RUNTIMES } from './testing/helpers';

const pools: ExecutorPool[] = [];
const latches: FileLatch[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.shutdown({ wait: false })));
  expect(childPids()).toEqual([]);
  for (const latch of latches.splice(0)) latch.dispose();
});

// tinypool 2.2 replaces a removed worker only up to `minThreads` (0 here): a
// task queued behind one whose worker died would wait for the next run().
describe.each(RUNTIMES)('tasks queued behind a worker that ended, in %s', (runtime) => {
  function single(): ExecutorPool {
    const pool = new ExecutorPool(runtime);
    pool.initialize({ maxWorkers: 1 });
    pools.push(pool);
    return pool;
  }

  it('run once the worker died under its task', async () => {
    const pool = single();
    const dying = expect(pool.call(() => process.exit(3), [])).rejects.toThrow('worker exited with code 3');
    const queued = pool.call(() => 'queued', []);
    await dying;
    expect(await queued).toBe('queued');
  });

  it('run once a running task was aborted', async () => {
    const pool = single();
    const latch = new FileLatch();
    latches.push(latch);
    const controller = new AbortController();
    const running = expect(pool.call(awaitLatch, [latch.dir], { signal: controller.signal })).rejects.toBe('stop');
    const queued = pool.call(() => 'queued', []);
    await latch.started();
    controller.abort('stop');
    await running;
    expect(await queued).toBe('queued');
  });

  it('run once a worker was retired after a late error', async () => {
    const pool = single();
    await pool.call(() => {
      setTimeout(() => {
        throw new Error('late');
      }, 0);
    }, []);
    const results = await Promise.all([
      pool.call(() => new Promise((resolve) => setTimeout(() => resolve('a'), 30)), []),
      pool.call(() => 'b', []),
      pool.call(() => 'c', []),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
  });
});
