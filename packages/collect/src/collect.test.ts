import { describe, expect, it } from 'vitest';
import { collect, forceLoopCycle, type Task, type TaskSource } from './index';
import { gate, sleep, tracked } from './test-support';


describe('collect: results', () => {
  it('keeps source order whatever order the tasks finish in', async () => {
    const delays = [30, 0, 20, 5, 10];
    const tasks = delays.map((ms, i) => async () => {
      await sleep(ms);
      return i;
    });
    expect(await collect(tasks, { workers: 2 })).toEqual([0, 1, 2, 3, 4]);
    expect(await collect(new Set(tasks))).toEqual([0, 1, 2, 3, 4]);
    expect(await collect(tracked(tasks).source, { workers: 3 })).toEqual([0, 1, 2, 3, 4]);
    async function* asyncSource() {
      yield* tasks;
    }
    expect(await collect(asyncSource(), { workers: 3 })).toEqual([0, 1, 2, 3, 4]);
  });

  it('is [] at once for an empty source', async () => {
    let settled = false;
    const promise = collect([]).then((value) => {
      settled = true;
      return value;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(true);
    expect(await promise).toEqual([]);
    expect(await collect((function* () {})())).toEqual([]);
    expect(await collect((async function* () {})())).toEqual([]);
  });

  it('accepts thunks, promises, thenables and plain values, mixed', async () => {
    const thenable = { then: (onFulfilled: (value: number) => void) => onFulfilled(3) } as unknown as PromiseLike<number>;
    const mixed = [() => 1, async () => 2, thenable, Promise.resolve(4), 5] as unknown as Task<number>[];
    expect(await collect(mixed)).toEqual([1, 2, 3, 4, 5]);
  });

  it('ports the Python original: collect([do(0)]) and collect([])', async () => {
    const started: number[] = [];
    async function run(n: number): Promise<number> {
      started.push(n);
      await sleep(n === 0 ? 20 : 5);
      return n;
    }
    expect(await collect([run(0)])).toEqual([0]);
    expect(await collect([])).toEqual([]);
    expect(await collect([0, 1, 2].map((n) => () => run(n)), { workers: 2 })).toEqual([0, 1, 2]);
  });
});

describe('collect: workers and laziness', () => {
  it('starts every free worker at once: 4 slow tasks are all running before any finishes', async () => {
    type Thunk = () => Promise<number>;
    for (const makeSource of [
      (tasks: Thunk[]): TaskSource<number> => tasks,
      (tasks: Thunk[]): TaskSource<number> => tracked(tasks).source,
      (tasks: Thunk[]): TaskSource<number> =>
        (async function* () {
          yield* tasks;
        })(),
    ]) {
      const gates = [gate<number>(), gate<number>(), gate<number>(), gate<number>()];
      let running = 0;
      const tasks = gates.map((g) => async () => {
        running++;
        return g.promise;
      });
      const result = collect(makeSource(tasks), { workers: 4 });
      await forceLoopCycle();
      expect(running).toBe(4);
      gates.forEach((g, i) => g.open(i));
      expect(await result).toEqual([0, 1, 2, 3]);
    }
  });

  it('never pulls more than `workers` items beyond what has finished', async () => {
    const gates = Array.from({ length: 6 }, () => gate<number>());
    const { state, source } = tracked(gates.map((g) => () => g.promise));
    const result = collect(source, { workers: 2 });
    await forceLoopCycle();
    expect(state.pulled).toBe(2);
    gates[1]?.open(1);
    await forceLoopCycle();
    expect(state.pulled).toBe(3);
    gates.forEach((g, i) => g.open(i));
    expect(await result).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('calls a thunk only when a worker takes it', async () => {
    const first = gate<string>();
    let calls = 0;
    const result = collect(
      [
        () => {
          calls++;
          return first.promise;
        },
        () => {
          calls++;
          return 'b';
        },
      ],
      { workers: 1 },
    );
    await forceLoopCycle();
    expect(calls).toBe(1);
    first.open('a');
    expect(await result).toEqual(['a', 'b']);
    expect(calls).toBe(2);
  });

  it('caps the workers started by a `length` or `size` that is smaller than `workers`', async () => {
    for (const hint of [{ length: 3 }, { size: 3 }]) {
      const gates = Array.from({ length: 5 }, () => gate<number>());
      let running = 0;
      const source = {
        ...hint,
        *[Symbol.iterator]() {
          for (const g of gates) {
            yield async () => {
              running++;
              return g.promise;
            };
          }
        },
      };
      const result = collect(source);
      await forceLoopCycle();
      expect(running).toBe(3);
      gates.forEach((g, i) => g.open(i));
      expect(await result).toEqual([0, 1, 2, 3, 4]);
    }
  });

  it('hands every task the same AbortSignal, not aborted after success', async () => {
    const seen: AbortSignal[] = [];
    const task = (signal: AbortSignal) => {
      seen.push(signal);
      return Promise.resolve(signal.aborted);
    };
    expect(await collect([task, task, task])).toEqual([false, false, false]);
    expect(seen[0]).toBeInstanceOf(AbortSignal);
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]?.aborted).toBe(false);
  });

  it('pulls an async source one next() at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let index = 0;
    const source: AsyncIterable<Task<number>> = {
      [Symbol.asyncIterator]: () => ({
        async next() {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await sleep(1);
          inFlight--;
          const i = index++;
          return i < 6 ? { done: false, value: () => sleep(5).then(() => i) } : { done: true, value: undefined };
        },
      }),
    };
    expect(await collect(source, { workers: 4 })).toEqual([0, 1, 2, 3, 4, 5]);
    expect(maxInFlight).toBe(1);
  });
});
