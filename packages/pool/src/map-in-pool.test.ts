import { afterAll, describe, expect, it } from 'vitest';
import { ExecutorPool } from './executor-pool';
import { mapInPool } from './map-in-pool';
import { childPids, RUNTIMES } from './testing/helpers';

describe.each(RUNTIMES)('mapInPool over %s', (runtime) => {
  const pool = new ExecutorPool(runtime);
  pool.initialize({ maxWorkers: 2 });
  afterAll(async () => {
    await pool.shutdown();
    expect(childPids()).toEqual([]);
  });

  it('maps every item in order, with its index, over many chunks', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const out = await mapInPool(pool, (x: number, index: number) => x * 2 + index, items, { chunkSize: 7 });
    expect(out).toEqual(items.map((x) => x * 3));
  });

  it('keeps order when chunks finish out of order, and awaits an async fn', async () => {
    const out = await mapInPool(
      pool,
      async (ms: number) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return ms;
      },
      [30, 1, 20, 1, 10, 1],
      { chunkSize: 1 },
    );
    expect(out).toEqual([30, 1, 20, 1, 10, 1]);
  });

  it('takes any iterable, and the default chunk size', async () => {
    const set = new Set(['a', 'b', 'c']);
    expect(await mapInPool(pool, (s: string) => s.toUpperCase(), set)).toEqual(['A', 'B', 'C']);
    function* gen(): Generator<number> {
      for (let i = 0; i < 50; i++) yield i;
    }
    expect(await mapInPool(pool, (x: number) => x + 1, gen())).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('resolves [] for no items, without starting a task', async () => {
    const fresh = new ExecutorPool(runtime);
    expect(await mapInPool(fresh, (x: number) => x, [])).toEqual([]);
    expect(fresh.initialized).toBe(false);
  });

  it('rejects with the first error, its class, and the index of the item', async () => {
    const error = await mapInPool(
      pool,
      (x: number) => {
        if (x === 437) throw new RangeError(`bad item ${x}`);
        return x;
      },
      Array.from({ length: 1000 }, (_, i) => i),
      { chunkSize: 10 },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RangeError);
    expect(error).toMatchObject({ message: 'bad item 437', index: 437 });
    // The pool still works after the other chunks were aborted.
    expect(await pool.call(() => 'ok', [])).toBe('ok');
  });

  it('checks its arguments before any work: RangeError or TypeError naming the parameter', async () => {
    await expect(mapInPool(pool, (x: number) => x, [1], { chunkSize: 0 })).rejects.toThrow(
      new RangeError('chunkSize must be an integer >= 1 (received 0)'),
    );
    await expect(mapInPool(pool, (x: number) => x, [1], { chunkSize: 1.5 })).rejects.toThrow(RangeError);
    await expect(mapInPool(pool, (x: number) => x, [1], { workers: 0 })).rejects.toThrow(/^workers must be an integer >= 1/);
    await expect(mapInPool(pool, (x: number) => x, 5 as never)).rejects.toThrow(/items must be an iterable/);
    await expect(mapInPool(pool, 'x' as never, [1])).rejects.toThrow(TypeError);
  });

  it('an abort rejects with signal.reason and stops the chunks', async () => {
    const controller = new AbortController();
    const mapped = mapInPool(
      pool,
      (ms: number) => {
        const pause = new Int32Array(new SharedArrayBuffer(4));
        Atomics.wait(pause, 0, 0, ms);
        return ms;
      },
      Array.from({ length: 20 }, () => 200),
      { chunkSize: 1, signal: controller.signal },
    );
    setTimeout(() => controller.abort('enough'), 50);
    const started = performance.now();
    await expect(mapped).rejects.toBe('enough');
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(mapInPool(pool, (x: number) => x, [1], { signal: AbortSignal.abort('early') })).rejects.toBe('early');
    expect(await pool.call(() => 'ok', [])).toBe('ok');
  });
});
