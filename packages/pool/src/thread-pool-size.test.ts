// THREAD_POOL is sized for blocking work: min(32, CPU_CORES + 4) workers,
// created one by one as calls need them, with no initialize() needed.
import { afterAll, expect, it } from 'vitest';
import { CPU_CORES, inThread, mapInThreads, PROCESS_POOL, THREAD_POOL } from './index';

afterAll(async () => {
  await Promise.all([THREAD_POOL.shutdown(), PROCESS_POOL.shutdown()]);
});

/** Blocks its thread for `ms` (no CPU used), as a synchronous file or database call would. */
function blockFor(ms: number): number {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return ms;
}

/**
 * Arrives at the rendezvous and blocks until `count` calls have arrived (or
 * the deadline passes): true when they all ran at the same time.
 */
function meet(board: Int32Array, count: number, deadlineMs: number): boolean {
  Atomics.add(board, 0, 1);
  Atomics.notify(board, 0);
  const until = Date.now() + deadlineMs;
  for (let seen = Atomics.load(board, 0); seen < count; seen = Atomics.load(board, 0)) {
    if (Date.now() >= until) return false;
    Atomics.wait(board, 0, seen, until - Date.now());
  }
  return true;
}

it('starts lazily: one call creates one worker', async () => {
  expect(THREAD_POOL.initialized).toBe(false);
  expect(await inThread((x: number) => x + 1, 1)).toBe(2);
  expect(THREAD_POOL.pool.options.maxThreads).toBe(Math.min(32, CPU_CORES + 4));
  expect(THREAD_POOL.pool.threads.length).toBe(1);
  expect(await inThread((x: number) => x + 1, 2)).toBe(3);
  expect(THREAD_POOL.pool.threads.length).toBe(1);
});

it('runs five blocking calls at once, whatever the cores, without initialize()', async () => {
  const board = new Int32Array(new SharedArrayBuffer(4));
  const met = await Promise.all(Array.from({ length: 5 }, () => inThread(meet, board, 5, 10_000)));
  expect(met).toEqual([true, true, true, true, true]);
  expect(THREAD_POOL.pool.threads.length).toBeGreaterThanOrEqual(5);
  expect(THREAD_POOL.pool.threads.length).toBeLessThanOrEqual(Math.min(32, CPU_CORES + 4));

  // The same, timed against one call: five overlap instead of queueing behind CPU_CORES workers.
  const one = performance.now();
  await inThread(blockFor, 300);
  const single = performance.now() - one;
  const five = performance.now();
  await Promise.all(Array.from({ length: 5 }, () => inThread(blockFor, 300)));
  const together = performance.now() - five;
  expect(together / single).toBeLessThan(1.8);
});

it('keeps mapInThreads splitting work over CPU_CORES workers at once', async () => {
  // Slot 0: items running now; slot 1: the most seen running at once.
  const board = new Int32Array(new SharedArrayBuffer(8));
  const busy = (shared: Int32Array): number => {
    const now = Atomics.add(shared, 0, 1) + 1;
    for (let most = Atomics.load(shared, 1); now > most; most = Atomics.load(shared, 1)) {
      if (Atomics.compareExchange(shared, 1, most, now) === most) break;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
    Atomics.sub(shared, 0, 1);
    return 0;
  };
  await mapInThreads(busy, Array.from({ length: 8 * (CPU_CORES + 4) }, () => board), { chunkSize: 1 });
  expect(Atomics.load(board, 1)).toBeGreaterThanOrEqual(1);
  expect(Atomics.load(board, 1)).toBeLessThanOrEqual(CPU_CORES);
});
