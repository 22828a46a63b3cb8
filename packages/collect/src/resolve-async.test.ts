import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { forceLoopCycle, resolve, type Task } from './index';
import { gate, sleep, trackedAsync as tracked, untilAborted } from './test-support';


async function drain<T>(iterator: AsyncIterable<T>): Promise<{ values: T[]; error?: unknown }> {
  const values: T[] = [];
  try {
    for await (const value of iterator) values.push(value);
  } catch (error) {
    return { values, error };
  }
  return { values };
}

describe('resolve over an async source', () => {
  it('yields the values in source order', async () => {
    const { source } = tracked([30, 0, 20, 5].map((ms, i) => async () => ((await sleep(ms)), i)));
    const iterator = resolve(source, { workers: 3 });
    expect(iterator[Symbol.asyncIterator]()).toBe(iterator);
    expect(await drain(iterator)).toEqual({ values: [0, 1, 2, 3] });
  });

  it('works with greediness 4 and 2 workers, as the Python test does', async () => {
    const order: string[] = [];
    const lastDone = gate();
    const { source } = tracked(
      [0, 1, 2, 3, 4].map((n) => async () => {
        order.push(`start ${n}`);
        if (n === 0) await lastDone.promise;
        else await sleep(1);
        order.push(`end ${n}`);
        if (n === 4) lastDone.open();
        return n;
      }),
    );
    expect(await drain(resolve(source, { workers: 2, workerGreediness: 4 }))).toEqual({ values: [0, 1, 2, 3, 4] });
    expect(order.indexOf('end 4')).toBeLessThan(order.indexOf('end 0'));
  });

  it('pulls and calls nothing before the first next()', async () => {
    let calls = 0;
    const { state, source } = tracked([() => ++calls]);
    const iterator = resolve(source);
    await forceLoopCycle();
    expect([state.pulled, calls]).toEqual([0, 0]);
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('throws the first failed item in source order, after the items before it, and aborts the rest', async () => {
    const error = new Error('item 2');
    const signals: AbortSignal[] = [];
    const { state, source } = tracked<unknown>([
      async () => ((await sleep(10)), 0),
      () => 1,
      async () => {
        await sleep(1);
        throw error;
      },
      (signal: AbortSignal) => ((signals.push(signal)), untilAborted(signal)),
      () => 4,
      () => 5,
    ]);
    expect(await drain(resolve(source, { workers: 4 }))).toEqual({ values: [0, 1], error });
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toBe(error);
    expect(state.closed).toBe(true);
  });

  it('surfaces an error of the source at its position', async () => {
    const error = new Error('source broke');
    async function* source() {
      yield async () => ((await sleep(5)), 0);
      yield () => 1;
      throw error;
    }
    expect(await drain(resolve(source(), { workers: 4 }))).toEqual({ values: [0, 1], error });
  });

  it('pulls the source one next() at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let index = 0;
    const source: AsyncIterable<Task<number>> = {
      [Symbol.asyncIterator]: () => ({
        async next() {
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          await sleep(1);
          inFlight--;
          const i = index++;
          return i < 8 ? { done: false, value: () => sleep(3).then(() => i) } : { done: true, value: undefined };
        },
      }),
    };
    expect(await drain(resolve(source, { workers: 4 }))).toEqual({ values: [0, 1, 2, 3, 4, 5, 6, 7] });
    expect(maxInFlight).toBe(1);
  });

  it('answers overlapping next() calls in order', async () => {
    const { source } = tracked([20, 0, 10].map((ms, i) => async () => ((await sleep(ms)), i)));
    const iterator = resolve(source, { workers: 3 });
    const results = await Promise.all([iterator.next(), iterator.next(), iterator.next(), iterator.next()]);
    expect(results).toEqual([
      { done: false, value: 0 },
      { done: false, value: 1 },
      { done: false, value: 2 },
      { done: true, value: undefined },
    ]);
  });

  it('bounds the finished results a worker holds by workerGreediness', async () => {
    let calls = 0;
    async function* source() {
      for (let i = 0; i < 50; i++) yield () => ((calls++), i);
    }
    const iterator = resolve(source(), { workers: 2, workerGreediness: 3 });
    const first = await iterator.next();
    await forceLoopCycle();
    // 2 workers hold 3 results each once item 0 was taken.
    expect(calls).toBe(7);
    expect(first).toEqual({ done: false, value: 0 });
    const { values } = await drain(iterator);
    expect(values).toEqual(Array.from({ length: 49 }, (_, i) => i + 1));
  });
});

describe('resolve over an async source: leaving early', () => {
  it('break closes the source and aborts the pending tasks', async () => {
    const signals: AbortSignal[] = [];
    const { state, source } = tracked<unknown>(
      Array.from({ length: 10 }, (_, i) => (signal: AbortSignal) => {
        signals.push(signal);
        return i === 0 ? sleep(5).then(() => 0) : untilAborted(signal);
      }),
    );
    for await (const value of resolve(source, { workers: 3 })) {
      expect(value).toBe(0);
      break;
    }
    await forceLoopCycle();
    expect(state.closed).toBe(true);
    expect(signals.length).toBeGreaterThanOrEqual(3);
    expect(signals[1]?.aborted).toBe(true);
    expect(state.pulled).toBeLessThanOrEqual(4);
  });

  it('return() while next() calls are pending ends them as done', async () => {
    const { state, source } = tracked<unknown>([untilAborted, untilAborted]);
    const iterator = resolve(source);
    const pending = iterator.next();
    await forceLoopCycle();
    expect(await iterator.return?.()).toEqual({ done: true, value: undefined });
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(state.closed).toBe(true);
  });
});

describe('resolve over an async source: the caller signal', () => {
  it('aborted mid-way: the pending next() rejects with the reason and the source is closed', async () => {
    const controller = new AbortController();
    const { state, source } = tracked<unknown>(Array.from({ length: 5 }, () => untilAborted));
    const iterator = resolve(source, { workers: 2, signal: controller.signal });
    const pending = iterator.next();
    await forceLoopCycle();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await forceLoopCycle();
    expect(state.closed).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('aborted between two next() calls: the next one rejects with the reason', async () => {
    const controller = new AbortController();
    const { source } = tracked<unknown>([() => 1, untilAborted]);
    const iterator = resolve(source, { signal: controller.signal });
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    controller.abort('why');
    await expect(iterator.next()).rejects.toBe('why');
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('already aborted: the first next() rejects with the reason without reading the source', async () => {
    const { state, source } = tracked([() => 1]);
    const reason = new Error('already');
    const iterator = resolve(source, { signal: AbortSignal.abort(reason) });
    await expect(iterator.next()).rejects.toBe(reason);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(state.pulled).toBe(0);
  });

  it('lets go of the caller signal when the iteration ends', async () => {
    const { signal } = new AbortController();
    await drain(resolve(tracked([() => 1]).source, { signal }));
    await drain(resolve(tracked([() => Promise.reject(new Error('x'))]).source, { signal }));
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});
