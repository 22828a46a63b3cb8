import { describe, expectTypeOf, it } from 'vitest';
import { type CollectOptions, collect, type ResolveOptions, resolve, schedule, type Settled, type Task, type TaskSource } from './index';

/* These run as no-ops; `tsc -p tsconfig.test.json` is what checks them. */

describe('types', () => {
  it('infers T from thunks, async thunks, promises and mixes of them', () => {
    expectTypeOf(collect([() => 1, () => 2])).toEqualTypeOf<Promise<number[]>>();
    expectTypeOf(collect([async () => 'a'])).toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(collect([Promise.resolve(1n)])).toEqualTypeOf<Promise<bigint[]>>();
    expectTypeOf(collect([(signal: AbortSignal) => signal.aborted, Promise.resolve(true)])).toEqualTypeOf<Promise<boolean[]>>();
    async function* source() {
      yield async () => 1;
    }
    expectTypeOf(collect(source())).toEqualTypeOf<Promise<number[]>>();
  });

  it('resolve: promises over a sync source, values over an async one', () => {
    expectTypeOf(resolve([async () => 1])).toEqualTypeOf<IterableIterator<Promise<number>>>();
    function* sync() {
      yield () => 'x';
    }
    expectTypeOf(resolve(sync())).toEqualTypeOf<IterableIterator<Promise<string>>>();
    async function* asyncSource() {
      yield () => 'x';
    }
    expectTypeOf(resolve(asyncSource())).toEqualTypeOf<AsyncIterableIterator<string>>();
    const either = [] as unknown as TaskSource<number>;
    expectTypeOf(resolve(either)).toEqualTypeOf<AsyncIterableIterator<number> | IterableIterator<Promise<number>>>();
  });

  it('schedule gives a Settled of the task type', () => {
    expectTypeOf(schedule(async () => 1)).toEqualTypeOf<Promise<Settled<number>>>();
    expectTypeOf<Settled<number>['result']>().returns.toEqualTypeOf<number>();
    expectTypeOf<Settled<number>['status']>().toEqualTypeOf<'fulfilled' | 'rejected'>();
  });

  it('rejects what is not a task source or a valid option', () => {
    // @ts-expect-error a number is not a task source
    void collect(42).catch(() => undefined);
    // @ts-expect-error workers is a number
    void collect([() => 1], { workers: '4' }).catch(() => undefined);
    // @ts-expect-error collect has no workerGreediness
    void collect([() => 1], { workerGreediness: 1 });
    expectTypeOf<Task<number>>().toEqualTypeOf<PromiseLike<number> | ((signal: AbortSignal) => number | PromiseLike<number>)>();
  });
});

const maybeSignal = undefined as AbortSignal | undefined;
const maybeCount = undefined as number | undefined;

describe('options types under exactOptionalPropertyTypes', () => {
  it('take an optional property given as undefined, as if it were absent', () => {
    expectTypeOf(collect<number>).toBeCallableWith([() => 1], { workers: maybeCount, signal: maybeSignal });
    const options: ResolveOptions = { workers: maybeCount, workerGreediness: maybeCount, signal: maybeSignal };
    const base: CollectOptions = { workers: undefined, signal: undefined };
    expectTypeOf(options.signal).toEqualTypeOf<AbortSignal | undefined>();
    expectTypeOf(base.workers).toEqualTypeOf<number | undefined>();
  });
});
