import { afterAll, describe, expect, it } from 'vitest';
import { CPU_CORES, inProcess, inThread, PROCESS_POOL, THREAD_POOL } from './index';
import { childPids } from './testing/helpers';

afterAll(async () => {
  await Promise.all([THREAD_POOL.shutdown(), PROCESS_POOL.shutdown()]);
  expect(childPids()).toEqual([]);
});

/** [start, end] on a clock shared by threads and processes. */
type Span = [number, number];

// Ports of the Python original's tests (aioextensions test___init__.py).
describe('the Python original', () => {
  it('test_executor_pool: shutdown, pool, initialize twice, shutdown', async () => {
    for (const pool of [PROCESS_POOL, THREAD_POOL]) {
      await pool.shutdown({ wait: false });
      expect(() => pool.pool).toThrow('Must call initialize first');
      pool.initialize();
      expect(pool.pool).toBeDefined();
      pool.initialize();
      await pool.shutdown({ wait: false });
      expect(pool.initialized).toBe(false);
    }
  });

  it('test_in: in_thread(sync) and in_process(sync), twice each', async () => {
    function sync(): void {}
    expect(await inThread(sync)).toBeUndefined();
    expect(await inThread(sync)).toBeUndefined();
    expect(await inProcess(sync)).toBeUndefined();
    expect(await inProcess(sync)).toBeUndefined();
  });
});

describe('inThread and inProcess', () => {
  it('run on the shared pools, which start lazily', async () => {
    expect(await inThread((a: number, b: number) => a * b, 6, 7)).toBe(42);
    expect(THREAD_POOL.initialized).toBe(true);
    expect(await inProcess((a: bigint) => a ** 2n, 12n)).toBe(144n);
    expect(PROCESS_POOL.initialized).toBe(true);
    expect(PROCESS_POOL.pool.options.maxThreads).toBeLessThanOrEqual(CPU_CORES);
  });

  it('reject bad input with a TypeError before any work starts', async () => {
    await expect(inThread('x => x' as never)).rejects.toThrow(TypeError);
    await expect(inProcess(class {} as never)).rejects.toThrow(/a class/);
  });

  // The seed's example: blocking calls in threads overlap.
  it('five blocking calls in threads overlap', async () => {
    await THREAD_POOL.shutdown();
    THREAD_POOL.initialize({ maxWorkers: 5 });
    const block = (ms: number): Span => {
      const start = performance.timeOrigin + performance.now();
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      return [start, performance.timeOrigin + performance.now()];
    };
    const spans = await Promise.all(Array.from({ length: 5 }, () => inThread(block, 2_000)));
    // One moment when all five were blocked at once.
    expect(Math.max(...spans.map(([start]) => start))).toBeLessThan(Math.min(...spans.map(([, end]) => end)));
    await THREAD_POOL.shutdown();
  });

  // The seed's example: CPU-bound tasks in processes run in parallel.
  it('four CPU-bound tasks in processes run in parallel, CPU_CORES at a time', async () => {
    const burn = (ms: number): Span => {
      const start = performance.timeOrigin + performance.now();
      let spin = 0;
      while (performance.timeOrigin + performance.now() - start < ms) spin++;
      return [start, performance.timeOrigin + performance.now() + spin * 0];
    };
    const spans = await Promise.all(Array.from({ length: 4 }, () => inProcess(burn, 400)));
    const overlapping = spans.filter(([start, end]) => spans.some(([s, e]) => s < end && start < e && (s !== start || e !== end)));
    expect(spans).toHaveLength(4);
    if (CPU_CORES > 1) expect(overlapping.length).toBeGreaterThanOrEqual(2);
    const pids = await Promise.all(Array.from({ length: 4 }, () => inProcess(() => process.pid)));
    expect(new Set(pids).size).toBeLessThanOrEqual(CPU_CORES);
  });
});
