import { afterEach, describe, expect, it } from 'vitest';
import { CPU_CORES, ExecutorPool, PROCESS_POOL, THREAD_POOL } from './executor-pool';
import { childPids, RUNTIMES } from './testing/helpers';

const pools: ExecutorPool[] = [];
function track(pool: ExecutorPool): ExecutorPool {
  pools.push(pool);
  return pool;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.shutdown({ wait: false })));
  expect(childPids()).toEqual([]);
});

describe('ExecutorPool', () => {
  it('reports CPU_CORES from os.availableParallelism()', async () => {
    const os = await import('node:os');
    expect(CPU_CORES).toBe(os.availableParallelism());
  });

  it('exposes a thread and a process pool, neither started', () => {
    expect(THREAD_POOL.runtime).toBe('worker_threads');
    expect(PROCESS_POOL.runtime).toBe('child_process');
  });

  it('refuses an unknown runtime', () => {
    expect(() => new ExecutorPool('fibers' as never)).toThrow(TypeError);
  });

  describe.each(RUNTIMES)('%s', (runtime) => {
    it('throws from `pool` until initialized', () => {
      const pool = track(new ExecutorPool(runtime));
      expect(pool.initialized).toBe(false);
      expect(() => pool.pool).toThrow(new Error('Must call initialize first'));
      pool.initialize({ maxWorkers: 1 });
      expect(pool.initialized).toBe(true);
      expect(pool.pool.options.maxThreads).toBe(1);
    });

    it('initialize is a no-op when already initialized', () => {
      const pool = track(new ExecutorPool(runtime));
      pool.initialize({ maxWorkers: 1 });
      const first = pool.pool;
      pool.initialize({ maxWorkers: 2 });
      expect(pool.pool).toBe(first);
      expect(pool.pool.options.maxThreads).toBe(1);
    });

    it('checks maxWorkers, naming the value received', () => {
      const pool = track(new ExecutorPool(runtime));
      expect(() => pool.initialize({ maxWorkers: 0 })).toThrow(new RangeError('maxWorkers must be an integer >= 1 (received 0)'));
      expect(() => pool.initialize({ maxWorkers: 1.5 })).toThrow(RangeError);
      expect(() => pool.initialize({ maxWorkers: '2' as never })).toThrow(new TypeError('maxWorkers must be an integer >= 1 (received "2")'));
      expect(() => pool.initialize(null as never)).toThrow(TypeError);
      expect(pool.initialized).toBe(false);
    });

    it('starts lazily on first use, with no worker before a task and one for one task', async () => {
      const pool = track(new ExecutorPool(runtime));
      pool.initialize({ maxWorkers: 2 });
      expect(pool.pool.threads).toHaveLength(0);
      expect(await pool.call((a: number) => a + 1, [1])).toBe(2);
      expect(pool.pool.threads).toHaveLength(1);
      const lazy = track(new ExecutorPool(runtime));
      expect(await lazy.call(() => 'ok', [])).toBe('ok');
      expect(lazy.initialized).toBe(true);
    });

    it('shutdown is a no-op when not initialized, ends the workers, and the pool starts again on next use', async () => {
      const pool = track(new ExecutorPool(runtime));
      await pool.shutdown();
      expect(await pool.call(() => 1, [])).toBe(1);
      const tinypool = pool.pool;
      await pool.shutdown();
      expect(pool.initialized).toBe(false);
      expect(tinypool.threads).toHaveLength(0);
      expect(childPids()).toEqual([]);
      expect(await pool.call(() => 2, [])).toBe(2);
      expect(pool.pool).not.toBe(tinypool);
    });

    it('shutdown({ wait: true }) lets running tasks finish; wait: false fails them', async () => {
      const pool = track(new ExecutorPool(runtime));
      const slow = () => new Promise((resolve) => setTimeout(() => resolve('done'), 200));
      const finishing = pool.call(slow, []);
      await pool.shutdown({ wait: true });
      await expect(finishing).resolves.toBe('done');
      const cut = expect(pool.call(slow, [])).rejects.toThrow(/pool was shut down/);
      await pool.shutdown({ wait: false });
      await cut;
    });
  });

  it('caps a process pool at CPU_CORES workers', () => {
    const pool = track(new ExecutorPool('child_process'));
    expect(() => pool.initialize({ maxWorkers: CPU_CORES + 1 })).toThrow(RangeError);
    expect(() => pool.initialize({ maxWorkers: CPU_CORES + 1 })).toThrow(`(received ${CPU_CORES + 1})`);
    const threads = track(new ExecutorPool('worker_threads'));
    threads.initialize({ maxWorkers: CPU_CORES + 1 });
    expect(threads.pool.options.maxThreads).toBe(CPU_CORES + 1);
  });
});
