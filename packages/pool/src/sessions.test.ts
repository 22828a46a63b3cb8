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

  it('counts queued and running calls (a thread holds one more sent ahead), and both return to 0', async () => {
    const pool = start(runtime, 1);
    const latch = new FileLatch();
    latches.push(latch);
    expect([pool.queued, pool.running]).toEqual([0, 0]);
    const first = pool.call(awaitLatch, [latch.dir]);
    const second = pool.call((n: number) => n, [7]);
    const third = pool.call((n: number) => n, [8]);
    // A worker thread gets the next call while it runs one; a process, one at a time.
    expect([pool.queued, pool.running]).toEqual(runtime === 'worker_threads' ? [1, 2] : [2, 1]);
    await latch.started();
    latch.open();
    expect(await Promise.all([first, second, third])).toEqual([1, 7, 8]);
    expect([pool.queued, pool.running]).toEqual([0, 0]);
  });

  it('a call sent ahead to a busy thread is taken back by a thread that is free', async () => {
    const pool = start(runtime, 2);
    const latch = new FileLatch();
    latches.push(latch);
    const warm = await Promise.all([pool.call(() => 1, []), pool.call(() => 2, [])]);
    expect(warm).toEqual([1, 2]);
    // Two calls take the two workers; the third goes ahead to one of them.
    const blocked = pool.call(awaitLatch, [latch.dir]);
    const quick = pool.call(() => 'quick', []);
    const third = pool.call(() => 'third', []);
    await latch.started();
    // The worker that ran `quick` is free: `third` must not wait for the latch.
    expect(await quick).toBe('quick');
    expect(await third).toBe('third');
    latch.open();
    expect(await blocked).toBe(1);
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

  it('a worker that dies fails only its running call; the call sent ahead to it runs on its replacement', async () => {
    const pool = start(runtime, 1);
    const latch = new FileLatch();
    latches.push(latch);
    const dying = pool.call(
      (dir: string) => {
        const fs = process.getBuiltinModule('node:fs');
        fs.writeFileSync(`${dir}/started`, '');
        const pause = new Int32Array(new SharedArrayBuffer(4));
        while (!fs.existsSync(`${dir}/go`)) Atomics.wait(pause, 0, 0, 5);
        process.exit(3);
      },
      [latch.dir],
    );
    const after = pool.call((n: number) => n + 1, [41]);
    await latch.started();
    latch.open();
    await expect(dying).rejects.toThrow(/exited with code 3/);
    expect(await after).toBe(42);
  });

  it('an abort of the running call ends its worker; the call sent ahead still runs', async () => {
    const pool = start(runtime, 1);
    const latch = new FileLatch();
    latches.push(latch);
    const controller = new AbortController();
    const stopped = pool.call(awaitLatch, [latch.dir], { signal: controller.signal });
    const after = pool.call(() => 'after', []);
    await latch.started();
    controller.abort(new Error('stop it'));
    await expect(stopped).rejects.toThrow('stop it');
    expect(await after).toBe('after');
    expect([pool.queued, pool.running]).toEqual([0, 0]);
  });
});

describe('worker sessions while workers start', () => {
  it('calls made while the workers are still starting run on all of them at once', async () => {
    const pool = start('worker_threads', 3);
    // The first ready worker takes over the warm-up calls of those still starting.
    await Promise.all([1, 2, 3].map((n) => pool.call((x: number) => x, [n])));
    // The event loop is held meanwhile, as a busy program would: the other
    // workers' sessions cannot start before the next calls arrive.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
    const gate = new Int32Array(new SharedArrayBuffer(4));
    // Each call waits (up to 10 s) until all three are running: they meet only if they overlap.
    const meet = (shared: Int32Array, parties: number): boolean => {
      Atomics.add(shared, 0, 1);
      Atomics.notify(shared, 0);
      const deadline = Date.now() + 10_000;
      for (let seen = Atomics.load(shared, 0); seen < parties; seen = Atomics.load(shared, 0)) {
        if (Date.now() > deadline) return false;
        Atomics.wait(shared, 0, seen, 50);
      }
      return true;
    };
    const met = await Promise.all([1, 2, 3].map(() => pool.call(meet, [gate, 3])));
    expect(met).toEqual([true, true, true]);
  }, 20_000);
});
