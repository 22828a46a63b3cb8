import { getEventListeners } from 'node:events';
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

function setup(runtime: (typeof RUNTIMES)[number]): { pool: ExecutorPool; latch: FileLatch } {
  const pool = new ExecutorPool(runtime);
  pool.initialize({ maxWorkers: 1 });
  pools.push(pool);
  const latch = new FileLatch();
  latches.push(latch);
  return { pool, latch };
}

describe.each(RUNTIMES)('cancellation by AbortSignal in %s', (runtime) => {
  it('an already aborted signal rejects with its reason and sends nothing', async () => {
    const { pool } = setup(runtime);
    const reason = new Error('stop');
    await expect(pool.call(() => 1, [], { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(pool.pool.threads).toHaveLength(0);
  });

  it('a queued task is removed at once and rejects with signal.reason', async () => {
    const { pool, latch } = setup(runtime);
    const running = pool.call(awaitLatch, [latch.dir]);
    await latch.started();
    const controller = new AbortController();
    const queued = pool.call(() => 'never', [], { signal: controller.signal });
    const reason = new Error('not needed');
    controller.abort(reason);
    await expect(queued).rejects.toBe(reason);
    expect(pool.queued).toBe(0);
    latch.open();
    expect(await running).toBe(1);
  });

  it('a running task has its worker ended and replaced, and rejects with signal.reason', async () => {
    const { pool, latch } = setup(runtime);
    const controller = new AbortController();
    const running = pool.call(awaitLatch, [latch.dir], { signal: controller.signal });
    await latch.started();
    controller.abort('changed my mind');
    await expect(running).rejects.toBe('changed my mind');
    expect(await pool.call(() => 'next', [])).toBe('next');
    expect(pool.pool.threads).toHaveLength(1);
  });
});

describe.each(RUNTIMES)('one signal shared by many calls in %s', (runtime) => {
  it('gets one listener, not one a call: no MaxListenersExceededWarning, and an abort rejects every call', async () => {
    const { pool, latch } = setup(runtime);
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const shared = { signal: controller.signal };
      const running = pool.call(awaitLatch, [latch.dir], shared);
      const queued = Array.from({ length: 30 }, (_, i) => pool.call((n: number) => n, [i], shared));
      const done = Promise.allSettled([running, ...queued]);
      await latch.started();
      controller.abort(new Error('enough'));
      const outcomes = await done;
      expect(outcomes.every((outcome) => outcome.status === 'rejected' && (outcome.reason as Error).message === 'enough')).toBe(true);
      expect([pool.queued, pool.running]).toEqual([0, 0]);
      // Let a warning, if any, be emitted (process.emitWarning defers to the next tick).
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
      expect(await pool.call(() => 'served after', [])).toBe('served after');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('a signal that never aborts keeps no listener once its calls are done', async () => {
    const { pool } = setup(runtime);
    const controller = new AbortController();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.call((n: number) => n * 3, [i], { signal: controller.signal })));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 3));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
