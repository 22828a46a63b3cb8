// Calls run on workers leased from tinypool for a session (see running-pool.ts):
// these pin what that must keep true, over both runtimes.
import { afterEach, describe, expect, it } from 'vitest';
import { ExecutorPool } from './executor-pool';
import { awaitLatch, childPids, FileLatch, RUNTIMES } from './testing/helpers';

const pools: ExecutorPool[] = [];
const latches: FileLatch[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.shutdown({ wait: false })));
  for (const latch of latches.splice(0)) latch.dispose();
  expect(childPids()).toEqual([]);
});

function start(runtime: (typeof RUNTIMES)[number], maxWorkers: number): ExecutorPool {
  const pool = new ExecutorPool(runtime);
  pool.initialize({ maxWorkers });
  pools.push(pool);
  return pool;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe.each(RUNTIMES)('worker sessions in %s', (runtime) => {
  it('serves a burst of calls without a tinypool task for each', async () => {
    const pool = start(runtime, 2);
    const values = await Promise.all(Array.from({ length: 200 }, (_, i) => pool.call((n: number) => n * 2, [i])));
    expect(values).toEqual(Array.from({ length: 200 }, (_, i) => i * 2));
    // One session a worker, plus at most a few more as lanes end and reopen.
    await nextTurn();
    expect(pool.pool.completed).toBeLessThanOrEqual(10);
    expect(pool.pool.threads.length).toBeLessThanOrEqual(2);
  });

  it('sequential calls reuse the session, which ends once a turn of the event loop passes idle', async () => {
    const pool = start(runtime, 1);
    for (let i = 0; i < 50; i++) expect(await pool.call((n: number) => n + 1, [i])).toBe(i + 1);
    expect(pool.pool.completed).toBe(0);
    // Idle for a whole turn: the session ends and tinypool has its worker back.
    await nextTurn();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pool.pool.completed).toBe(1);
    expect(await pool.call(() => 'again', [])).toBe('again');
  });

  it('counts queued and running calls, and both return to 0', async () => {
    const pool = start(runtime, 1);
    const latch = new FileLatch();
    latches.push(latch);
    expect([pool.queued, pool.running]).toEqual([0, 0]);
    const first = pool.call(awaitLatch, [latch.dir]);
    const second = pool.call((n: number) => n, [7]);
    expect([pool.queued, pool.running]).toEqual([1, 1]);
    await latch.started();
    latch.open();
    expect(await first).toBe(1);
    expect(await second).toBe(7);
    expect([pool.queued, pool.running]).toEqual([0, 0]);
  });

  it('shutdown({ wait: false }) fails queued and running calls with an error that says so', async () => {
    const pool = start(runtime, 1);
    const latch = new FileLatch();
    latches.push(latch);
    const running = pool.call(awaitLatch, [latch.dir]);
    const queued = pool.call(() => 'never', []);
    await latch.started();
    const cut = Promise.allSettled([running, queued]);
    await pool.shutdown({ wait: false });
    for (const outcome of await cut) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({
        code: 'ERR_AIOX_POOL_SHUT_DOWN',
        message: expect.stringContaining('shutdown({ wait: false })'),
      });
    }
  });
});
