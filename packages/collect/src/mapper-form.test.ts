import { describe, expect, expectTypeOf, it } from 'vitest';
import { collect, resolve } from './index';
import { gate, sleep, trackedItems, untilAborted } from './test-support';

/*
 * The mapper form, `collect(items, mapper, options)` and `resolve(items,
 * mapper, options)`, as p-map takes it. The property tests run every rule of
 * the task form over it too; these pin what is particular to it.
 */

describe('collect(items, mapper)', () => {
  it('hands the mapper each item, its index and the operation signal, and keeps source order', async () => {
    const seen: [string, number, boolean][] = [];
    const values = await collect(
      ['a', 'b', 'c'],
      async (item, index, signal) => {
        seen.push([item, index, signal instanceof AbortSignal && !signal.aborted]);
        await sleep(index === 0 ? 5 : 0);
        return `${item}${index}`;
      },
      { workers: 3 },
    );
    expect(values).toEqual(['a0', 'b1', 'c2']);
    expect(seen).toEqual([
      ['a', 0, true],
      ['b', 1, true],
      ['c', 2, true],
    ]);
  });

  it('maps every kind of source: an array, a Set, a generator, an async generator', async () => {
    const double = (n: number) => n * 2;
    async function* numbers() {
      yield 1;
      yield 2;
      yield 3;
    }
    await expect(collect([1, 2, 3], double)).resolves.toEqual([2, 4, 6]);
    await expect(collect(new Set([1, 2, 3]), double)).resolves.toEqual([2, 4, 6]);
    await expect(collect(trackedItems([1, 2, 3]).source, double)).resolves.toEqual([2, 4, 6]);
    await expect(collect(numbers(), double, { workers: 2 })).resolves.toEqual([2, 4, 6]);
  });

  it('awaits an item that is a promise before the mapper gets it', async () => {
    const later = gate<number>();
    const got: unknown[] = [];
    const result = collect([later.promise, 2], (item) => {
      got.push(item);
      return item * 10;
    });
    await sleep(1);
    expect(got).toEqual([2]);
    later.open(1);
    await expect(result).resolves.toEqual([10, 20]);
    expect(got).toEqual([2, 1]);
  });

  it('passes a function item to the mapper as it is, without calling it', async () => {
    let called = false;
    const item = () => {
      called = true;
      return 'called';
    };
    const [out] = await collect([item], (fn) => typeof fn);
    expect(out).toBe('function');
    expect(called).toBe(false);
  });

  it('fails fast: a rejected item, or a mapper that throws or rejects, rejects at once and aborts the others', async () => {
    for (const failing of ['item', 'throw', 'reject'] as const) {
      const error = new Error(failing);
      const signals: AbortSignal[] = [];
      const { state, source: items } = trackedItems([0, 1, 2, 3, 4]);
      const result = collect(
        failing === 'item' ? (function* () {
          for (const n of items) yield n === 1 ? Promise.reject(error) : n;
        })() : items,
        (n, _index, signal) => {
          if (n === 1 && failing === 'throw') throw error;
          if (n === 1) return Promise.reject(error);
          signals.push(signal);
          return untilAborted(signal);
        },
        { workers: 2 },
      );
      await expect(result).rejects.toBe(error);
      expect({ failing, aborted: signals.map((signal) => signal.reason) }).toEqual({ failing, aborted: [error] });
      expect({ failing, state }).toEqual({ failing, state: { pulled: 2, closed: true } });
    }
  });

  it('pulls lazily: never more than workers items beyond what finished', async () => {
    const { state, source } = trackedItems([0, 1, 2, 3]);
    const gates = [gate(), gate(), gate(), gate()];
    const result = collect(source, (n) => gates[n]?.promise, { workers: 2 });
    await sleep(1);
    expect(state.pulled).toBe(2);
    gates[1]?.open();
    await sleep(1);
    expect(state.pulled).toBe(3);
    for (const g of gates) g.open();
    await expect(result).resolves.toHaveLength(4);
    expect(state.closed).toBe(true);
  });

  it('an aborted caller signal rejects with its reason, aborts the mapped calls and closes the source', async () => {
    const controller = new AbortController();
    const { state, source } = trackedItems([1, 2, 3]);
    const signals: AbortSignal[] = [];
    const result = collect(
      source,
      (_n, _i, signal) => {
        signals.push(signal);
        return untilAborted(signal);
      },
      { workers: 2, signal: controller.signal },
    );
    await sleep(1);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(result).rejects.toBe(reason);
    expect(signals.map((signal) => signal.aborted)).toEqual([true, true]);
    expect(state).toEqual({ pulled: 2, closed: true });
  });

  it('takes workers: Infinity: every item starts as soon as it is pulled', async () => {
    let running = 0;
    let peak = 0;
    const values = await collect(
      Array.from({ length: 50 }, (_, i) => i),
      async (n) => {
        peak = Math.max(peak, ++running);
        await sleep(1);
        running--;
        return n;
      },
      { workers: Infinity },
    );
    expect(values).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(peak).toBe(50);
  });

  it('rejects bad arguments of the mapper form, naming them', async () => {
    await expect(collect(42 as unknown as number[], (n) => n)).rejects.toThrow(
      new TypeError('items must be an iterable or an async iterable (received 42)'),
    );
    await expect(collect([1], (n) => n, { workers: 0 })).rejects.toThrow(
      new RangeError('workers must be an integer >= 1 (received 0)'),
    );
    await expect(collect([1], (n) => n, 'fast' as never)).rejects.toThrow(
      new TypeError('options must be an object or undefined (received "fast")'),
    );
  });

  it('infers the item and result types', () => {
    expectTypeOf(collect([1, 2], (n) => String(n))).toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(collect([Promise.resolve(1)], async (n) => n + 1)).toEqualTypeOf<Promise<number[]>>();
    expectTypeOf(resolve([1], async (n) => `${n}`)).toEqualTypeOf<IterableIterator<Promise<string>>>();
  });
});

describe('collect with stopOnError: false (settle all)', () => {
  it('runs everything even after a failure, then rejects with an AggregateError of the failures in source order', async () => {
    const late = new Error('late, at index 0');
    const early = new Error('early, at index 2');
    const signals: AbortSignal[] = [];
    let finished = 0;
    const result = collect(
      [0, 1, 2, 3],
      async (n, _index, signal) => {
        signals.push(signal);
        await sleep(n === 0 ? 20 : 1);
        finished++;
        if (n === 0) throw late;
        if (n === 2) throw early;
        return n;
      },
      { workers: 2, stopOnError: false },
    );
    const error = (await result.catch((e: unknown) => e)) as AggregateError;
    expect(error).toBeInstanceOf(AggregateError);
    expect(error.errors).toEqual([late, early]);
    expect(error.message).toBe('2 of 4 tasks failed (see .errors)');
    expect(finished).toBe(4);
    expect(signals.some((signal) => signal.aborted)).toBe(false);
  });

  it('fulfills with every value when nothing failed, in the task form too', async () => {
    await expect(collect([async () => 1, () => 2, Promise.resolve(3)], { stopOnError: false })).resolves.toEqual([1, 2, 3]);
  });

  it('keeps an error that is undefined, and a rejected promise item', async () => {
    const result = collect([Promise.reject(new Error('item')), 1, 2], (n) => {
      if (n === 2) throw undefined;
      return n;
    }, { stopOnError: false });
    const error = (await result.catch((e: unknown) => e)) as AggregateError;
    expect(error.errors).toEqual([new Error('item'), undefined]);
  });

  it('still stops everything when the caller signal aborts', async () => {
    const controller = new AbortController();
    const signals: AbortSignal[] = [];
    const result = collect(
      [1, 2, 3],
      (n, _i, signal) => {
        signals.push(signal);
        if (n === 1) throw new Error('kept, not fatal');
        return untilAborted(signal);
      },
      { stopOnError: false, signal: controller.signal },
    );
    await sleep(1);
    controller.abort('enough');
    await expect(result).rejects.toBe('enough');
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });

  it('rejects at once with the error of a source that throws: nothing more can be read from it', async () => {
    const broken = new Error('source broke');
    const signals: AbortSignal[] = [];
    function* source() {
      yield 1;
      throw broken;
    }
    const result = collect(
      source(),
      (_n, _i, signal) => {
        signals.push(signal);
        return untilAborted(signal);
      },
      { workers: 2, stopOnError: false },
    );
    await expect(result).rejects.toBe(broken);
    expect(signals[0]?.reason).toBe(broken);
  });

  it('rejects a stopOnError that is not a boolean', async () => {
    await expect(collect([1], (n) => n, { stopOnError: 0 as unknown as boolean })).rejects.toThrow(
      new TypeError('stopOnError must be a boolean (received 0)'),
    );
    expect(() => resolve([() => 1], { stopOnError: 'no' as unknown as boolean })).toThrow(
      new TypeError('stopOnError must be a boolean (received "no")'),
    );
  });
});

describe('resolve(items, mapper)', () => {
  it('over a sync source: one promise per item, each settling with its own outcome', async () => {
    const outcomes: unknown[] = [];
    for (const next of resolve([1, 2, 3], async (n, index) => {
      if (n === 2) throw new Error('two');
      return n * 10 + index;
    }, { workers: 2 })) {
      outcomes.push(await next.catch((error: Error) => error.message));
    }
    expect(outcomes).toEqual([10, 'two', 32]);
  });

  it('awaits an item that is a promise before the mapper gets it, over either kind of source', async () => {
    const mapper = (n: number, index: number) => `${typeof n} ${n} at ${index}`;
    const viaSync: unknown[] = [];
    for (const next of resolve([Promise.resolve(1), 2, Promise.reject(new Error('bad item'))], mapper)) {
      viaSync.push(await next.catch((error: Error) => error.message));
    }
    expect(viaSync).toEqual(['number 1 at 0', 'number 2 at 1', 'bad item']);
    const viaAsync: unknown[] = [];
    const items = { async *[Symbol.asyncIterator]() { yield* [1, 2]; } };
    for await (const value of resolve(items, mapper)) viaAsync.push(value);
    expect(viaAsync).toEqual(['number 1 at 0', 'number 2 at 1']);
  });

  it('over an async source: the values in order; leaving early aborts the pending calls and closes the source', async () => {
    const { state, source: items } = trackedItems([1, 2, 3, 4, 5]);
    async function* source() {
      yield* items;
    }
    const signals: AbortSignal[] = [];
    const seen: number[] = [];
    for await (const value of resolve(source(), (n, _i, signal) => {
      signals.push(signal);
      return n === 1 ? n : untilAborted(signal);
    }, { workers: 2 })) {
      seen.push(value as number);
      break;
    }
    expect(seen).toEqual([1]);
    expect(signals.at(-1)?.aborted).toBe(true);
    // An async generator's return() settles on a later tick.
    await sleep(1);
    expect(state.closed).toBe(true);
    expect(state.pulled).toBeLessThanOrEqual(3);
  });

  it('over an async source with stopOnError: false: skips failures, then rejects with all of them', async () => {
    async function* source() {
      yield* [1, 2, 3, 4];
    }
    const seen: number[] = [];
    let caught: AggregateError | undefined;
    try {
      for await (const value of resolve(source(), async (n) => {
        if (n % 2 === 0) throw new Error(`even ${n}`);
        return n;
      }, { stopOnError: false })) {
        seen.push(value);
      }
    } catch (error) {
      caught = error as AggregateError;
    }
    expect(seen).toEqual([1, 3]);
    expect(caught?.errors).toEqual([new Error('even 2'), new Error('even 4')]);
  });

  it('survives a long run of failures already finished, with stopOnError: false', async () => {
    async function* source() {
      for (let i = 0; i < 20_000; i++) yield i;
    }
    const iterator = resolve(source(), (n) => {
      if (n < 19_999) throw new Error(String(n));
      return n;
    }, { workers: 1024, stopOnError: false });
    const first = await iterator.next();
    expect(first).toEqual({ done: false, value: 19_999 });
    const last = await iterator.next().catch((error: AggregateError) => error.errors.length);
    expect(last).toBe(19_999);
  });
});
