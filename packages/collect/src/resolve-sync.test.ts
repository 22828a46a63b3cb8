import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { forceLoopCycle, resolve, type Task } from './index';
import { gate, sleep, tracked, untilAborted } from './test-support';


async function outcomes<T>(promises: Iterable<Promise<T>>): Promise<(T | string)[]> {
  const seen: (T | string)[] = [];
  for (const next of promises) {
    try {
      seen.push(await next);
    } catch (error) {
      seen.push(`caught ${(error as Error).message}`);
    }
  }
  return seen;
}

describe('resolve over a sync source: the Python original, ported', () => {
  // The original: worker a runs the slow item 0 while worker b, allowed to
  // hold 4 results, runs items 1 to 4. Timings are replaced by gates, so the
  // test checks the schedule itself: item 0 finishes only after item 4 did.
  it('workers 2, greediness 4: one worker runs ahead while the other is busy; errors per item', async () => {
    const order: string[] = [];
    const lastDone = gate();
    const run = (n: number) => async () => {
      order.push(`start ${n}`);
      if (n === 0) await lastDone.promise;
      else await sleep(1);
      order.push(`end ${n}`);
      if (n === 4) lastDone.open();
      if (n === 3) throw new Error('n == 3');
      return n;
    };
    expect(await outcomes(resolve([0, 1, 2, 3, 4].map(run), { workers: 2, workerGreediness: 4 }))).toEqual([
      0,
      1,
      2,
      'caught n == 3',
      4,
    ]);
    expect(order.indexOf('end 4')).toBeLessThan(order.indexOf('end 0'));
  });

  it('greediness 1: the free worker pauses after one result until the consumer takes it', async () => {
    const order: string[] = [];
    const run = (n: number) => async () => {
      order.push(`start ${n}`);
      await sleep(n === 0 ? 20 : 1);
      order.push(`end ${n}`);
      return n;
    };
    expect(await outcomes(resolve([0, 1, 2, 3].map(run), { workers: 2, workerGreediness: 1 }))).toEqual([0, 1, 2, 3]);
    expect(order.indexOf('start 2')).toBeGreaterThan(order.indexOf('end 0'));
  });

  it('workers 100000, greediness 1: everything starts at once', async () => {
    let running = 0;
    let peak = 0;
    const run = (n: number) => async () => {
      peak = Math.max(peak, ++running);
      await sleep(5);
      running--;
      if (n === 3) throw new Error('n == 3');
      return n;
    };
    const source = (function* () {
      for (let n = 0; n < 5; n++) yield run(n);
    })();
    expect(await outcomes(resolve(source, { workers: 100_000, workerGreediness: 1 }))).toEqual([
      0,
      1,
      2,
      'caught n == 3',
      4,
    ]);
    expect(peak).toBe(5);
  });

  it('an empty source is done at once', () => {
    expect([...resolve([])]).toEqual([]);
  });
});

describe('resolve over a sync source: the iterator', () => {
  it('has Symbol.iterator, next and return, and no Symbol.asyncIterator', () => {
    const iterator = resolve([() => 1]);
    expect(iterator[Symbol.iterator]()).toBe(iterator);
    expect(typeof iterator.next).toBe('function');
    expect(typeof iterator.return).toBe('function');
    expect(Symbol.asyncIterator in iterator).toBe(false);
  });

  it('reads plain values with for await', async () => {
    const tasks = [20, 0, 10].map((ms, i) => async () => {
      await sleep(ms);
      return i;
    });
    const values: number[] = [];
    for await (const value of resolve(tasks, { workers: 2 })) values.push(value);
    expect(values).toEqual([0, 1, 2]);
  });

  it('keeps each item error its own: the others still finish', async () => {
    const tasks: Task<number>[] = [
      () => 0,
      () => {
        throw new Error('sync');
      },
      () => Promise.reject(new Error('async')),
      async () => 3,
    ];
    expect(await outcomes(resolve(tasks))).toEqual([0, 'caught sync', 'caught async', 3]);
  });

  it('pulls and calls nothing at creation; the first next() starts every free worker', async () => {
    let running = 0;
    const gates = [gate<number>(), gate<number>(), gate<number>()];
    const { state, source } = tracked(gates.map((g) => () => ((running++), g.promise)));
    const iterator = resolve(source, { workers: 3 });
    await forceLoopCycle();
    expect(state.pulled).toBe(0);
    const first = iterator.next();
    expect(state.pulled).toBe(3);
    expect(running).toBe(3);
    gates.forEach((g, i) => g.open(i));
    expect(first.done).toBe(false);
    expect(await first.value).toBe(0);
    iterator.return?.();
  });

  it('lets the consumer pull ahead; items it pulled wait their turn for a worker', async () => {
    const first = gate<string>();
    let calls = 0;
    const { state, source } = tracked<string>([
      () => ((calls++), first.promise),
      () => ((calls++), 'b'),
      () => ((calls++), 'c'),
    ]);
    const iterator = resolve(source, { workers: 1 });
    const a = iterator.next().value as Promise<string>;
    const b = iterator.next().value as Promise<string>;
    expect(state.pulled).toBe(2);
    expect(calls).toBe(1);
    first.open('a');
    expect(await b).toBe('b');
    expect(await a).toBe('a');
    const c = iterator.next();
    expect(await c.value).toBe('c');
    expect(iterator.next()).toEqual({ done: true, value: undefined });
    expect(iterator.next()).toEqual({ done: true, value: undefined });
    expect(state.closed).toBe(true);
  });

  it('throws an error of the source from the next() that reaches it, after the items before it', async () => {
    const error = new Error('source broke');
    function* source() {
      yield async () => {
        await sleep(5);
        return 0;
      };
      yield () => 1;
      throw error;
    }
    const seen: unknown[] = [];
    expect(() => {
      for (const next of resolve(source(), { workers: 4 })) seen.push(next);
    }).toThrow(error);
    expect(seen).toHaveLength(2);
    expect(await Promise.all(seen)).toEqual([0, 1]);
  });

  it('bounds the finished results a worker holds by workerGreediness', async () => {
    let calls = 0;
    const source = (function* () {
      for (let i = 0; i < 100; i++) yield () => ((calls++), i);
    })();
    const iterator = resolve(source, { workers: 3, workerGreediness: 2 });
    // Starting, 3 workers run 2 items each and pause. Taking item 0 frees its
    // worker, which runs one more: 7 called, 1 taken, 6 held (3 * 2).
    const first = iterator.next();
    expect(calls).toBe(7);
    expect(await first.value).toBe(0);
    await forceLoopCycle();
    expect(calls).toBe(7);
    expect(await iterator.next().value).toBe(1);
    expect(calls).toBe(8);
    const rest = await outcomes(iterator);
    expect(rest).toEqual(Array.from({ length: 98 }, (_, i) => i + 2));
  });
});

describe('resolve over a sync source: leaving early', () => {
  it('break closes the source, aborts the pending tasks and rejects the promises of unfinished items (handled)', async () => {
    const signals: AbortSignal[] = [];
    const { state, source } = tracked<unknown>(
      Array.from({ length: 10 }, (_, i) => (signal: AbortSignal) => {
        signals.push(signal);
        return i === 0 ? 0 : untilAborted(signal);
      }),
    );
    const handedOut: Promise<unknown>[] = [];
    for (const next of resolve(source, { workers: 3 })) {
      handedOut.push(next);
      if (handedOut.length === 2) break;
    }
    expect(state.closed).toBe(true);
    // 3 workers; item 0 finished at once, so its worker took item 3.
    expect(state.pulled).toBe(4);
    expect(signals[1]?.aborted).toBe(true);
    expect(signals[1]?.reason).toBeInstanceOf(DOMException);
    expect((signals[1]?.reason as DOMException).name).toBe('AbortError');
    await expect(handedOut[0]).resolves.toBe(0);
    await expect(handedOut[1]).rejects.toBe(signals[1]?.reason);
  });

  it('return() before the first next() touches nothing, and ends the iteration', () => {
    const { state, source } = tracked([() => 1]);
    const iterator = resolve(source);
    expect(iterator.return?.()).toEqual({ done: true, value: undefined });
    expect(iterator.next()).toEqual({ done: true, value: undefined });
    expect(state.pulled).toBe(0);
  });
});

describe('resolve over a sync source: the caller signal', () => {
  it('aborted mid-way: pending promises reject with the reason, next() throws it, the source is closed', async () => {
    const controller = new AbortController();
    const { state, source } = tracked<unknown>(Array.from({ length: 10 }, () => untilAborted));
    const iterator = resolve(source, { workers: 2, signal: controller.signal });
    const first = iterator.next().value as Promise<unknown>;
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(first).rejects.toBe(reason);
    expect(() => iterator.next()).toThrow(reason);
    expect(iterator.next().done).toBe(true);
    expect(state.closed).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('already aborted: the first next() throws the reason without reading the source', () => {
    const { state, source } = tracked([() => 1]);
    const reason = new Error('already');
    const iterator = resolve(source, { signal: AbortSignal.abort(reason) });
    expect(() => iterator.next()).toThrow(reason);
    expect(iterator.next().done).toBe(true);
    expect(state.pulled).toBe(0);
  });

  it('lets go of the caller signal once the last task finished', async () => {
    const { signal } = new AbortController();
    const slow = gate<number>();
    const promises = [...resolve([() => slow.promise], { signal })];
    expect(getEventListeners(signal, 'abort')).toHaveLength(1);
    slow.open(1);
    expect(await promises[0]).toBe(1);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});
