/**
 * Ordered results, bounded concurrency and lazy sources for async work: the
 * `collect`, `resolve`, `schedule` and `forceLoopCycle` of Python's
 * `aioextensions`, for every JavaScript runtime.
 *
 * @example
 * ```ts
 * import { collect } from '@aiox/collect';
 *
 * const ids = [1, 2, 3, 4, 5];
 * // The mapper form, as p-map takes it:
 * const users = await collect(ids, (id, _index, signal) => fetch(`https://example.com/users/${id}`, { signal }), {
 *   workers: 2,
 * });
 * // The task form: thunks, called when a worker takes them.
 * const same = await collect(
 *   ids.map((id) => (signal: AbortSignal) => fetch(`https://example.com/users/${id}`, { signal })),
 *   { workers: 2 },
 * );
 * ```
 * @packageDocumentation
 */
import { collectTasks } from './collect';
import { forceLoopCycle as forceLoopCycleNow } from './force-loop-cycle';
import { resolveTasks } from './resolve';
import { scheduleTask } from './schedule';

/**
 * One unit of work: preferably a function (a thunk), called only when a
 * worker takes it and handed an `AbortSignal` that aborts when the whole
 * operation fails, is aborted by the caller, or (for `resolve`) is left
 * early. A promise is accepted as it is: it is already running, so a lazy
 * source (a generator) should create it on demand to keep the bound.
 *
 * A thunk that throws synchronously fails its own task, as if it had
 * returned a rejected promise. A plain value (neither a function nor a
 * thenable) is taken as an already-finished task, as `Promise.all` does.
 *
 * @example
 * ```ts
 * import { collect, type Task } from '@aiox/collect';
 *
 * const thunk: Task<Response> = (signal) => fetch('https://example.com', { signal });
 * const promise: Task<number> = Promise.resolve(42);
 * const [response, answer] = await collect<Response | number>([thunk, promise]);
 * ```
 */
export type Task<T> = PromiseLike<T> | ((signal: AbortSignal) => T | PromiseLike<T>);

/**
 * Where tasks come from: any iterable or async iterable of tasks (an array,
 * a Set, a generator, an async generator, a stream), read lazily. An object
 * that is both is read as an async iterable, as `for await` does.
 *
 * @example
 * ```ts
 * import { collect, type TaskSource } from '@aiox/collect';
 *
 * function* squares(n: number): TaskSource<number> {
 *   for (let i = 0; i < n; i++) yield async () => i * i;
 * }
 * console.log(await collect(squares(4))); // [0, 1, 4, 9]
 * ```
 */
export type TaskSource<T> = Iterable<Task<T>> | AsyncIterable<Task<T>>;

/**
 * The function of the mapper form, `collect(items, mapper, options)`: called
 * once per item when a worker takes it, with the item (a promise item is
 * awaited first, and the mapper gets its value), its index in the source,
 * and the operation's `AbortSignal`. What it throws or rejects with is that
 * item's failure.
 *
 * @example
 * ```ts
 * import { collect, type Mapper } from '@aiox/collect';
 *
 * const fetchText: Mapper<string, string> = async (url, _index, signal) => (await fetch(url, { signal })).text();
 * const pages = await collect(['https://example.com/a', 'https://example.com/b'], fetchText, { workers: 2 });
 * ```
 */
export type Mapper<I, T> = (item: Awaited<I>, index: number, signal: AbortSignal) => T | PromiseLike<T>;

/**
 * The outcome of a task started by {@link schedule}.
 *
 * @example
 * ```ts
 * import { schedule } from '@aiox/collect';
 *
 * const settled = await schedule(async () => JSON.parse('{'));
 * if (settled.status === 'rejected') console.log('failed:', settled.exception());
 * ```
 */
export interface Settled<T> {
  /** Whether the task fulfilled or rejected. */
  readonly status: 'fulfilled' | 'rejected';
  /** The task's value; throws the task's error if it rejected. */
  result(): T;
  /** The task's error if it rejected, else `undefined`. */
  exception(): unknown;
}

/**
 * Options of {@link collect}.
 *
 * @example
 * ```ts
 * import { collect, type CollectOptions } from '@aiox/collect';
 *
 * const options: CollectOptions = { workers: 8, signal: AbortSignal.timeout(10_000) };
 * await collect([async () => 1], options);
 * ```
 */
export interface CollectOptions {
  /**
   * At most this many tasks are pending at once, and every one of them is
   * busy while work remains. An integer >= 1, or `Infinity` for no bound
   * (each item starts as soon as it is pulled; the source is still pulled
   * one item at a time); default 1024. A source with a numeric `length` or
   * `size` starts no more workers than that.
   */
  workers?: number | undefined;
  /**
   * Aborts the whole operation: it rejects with `signal.reason`, the tasks'
   * signal aborts, the source is closed. Already aborted: rejects at once
   * without reading the source.
   */
  signal?: AbortSignal | undefined;
  /**
   * `true` (the default): fail fast, at the first error. `false`: settle all,
   * as p-map's `stopOnError: false`: a failure aborts nothing, every task
   * runs to its end, and then `collect` fulfills with all the values if none
   * failed, or rejects with an `AggregateError` whose `errors` are the
   * failures in source order. The `signal` still aborts everything, and an
   * error of the source itself (its iterator threw) still rejects at once:
   * nothing more can be read from it.
   *
   * For `resolve` over an async source, failed items are skipped (the
   * values of the others are yielded in order) and the last `next()` rejects
   * with that `AggregateError`; over a sync source each item's promise
   * settles on its own in either case.
   */
  stopOnError?: boolean | undefined;
}

/**
 * Options of {@link resolve}.
 *
 * @example
 * ```ts
 * import { resolve, type ResolveOptions } from '@aiox/collect';
 *
 * const options: ResolveOptions = { workers: 16, workerGreediness: 4 };
 * for await (const value of resolve([async () => 1, async () => 2], options)) console.log(value);
 * ```
 */
export interface ResolveOptions extends CollectOptions {
  /**
   * How many finished results one worker may hold, not yet taken by the
   * consumer, before it pauses: at most `workers * workerGreediness` results
   * wait at once, which bounds memory on huge sources. An integer >= 0;
   * default 0, which means unlimited.
   */
  workerGreediness?: number | undefined;
}

/**
 * Runs the tasks with at most `workers` pending at once and returns their
 * values in source order, whatever order they finish in.
 *
 * Two forms. `collect(tasks, options)` takes tasks (thunks, called when a
 * worker takes them, or promises). `collect(items, mapper, options)`, as
 * p-map takes it, takes plain items and calls `mapper(item, index, signal)`
 * for each when a worker takes it (an item that is a promise is awaited
 * first); it allocates no closure per item, so it is the faster form. Every
 * rule below holds for both.
 *
 * The source is read lazily: never more than `workers` items beyond what has
 * finished, and every free worker starts at once. Pulls of an async source
 * are serialized (one `next()` at a time).
 *
 * Fail fast: the first error (in time) rejects the promise at once, stops
 * reading the source and closes it (`return()`, so a generator's `finally`
 * runs), and aborts the signal handed to the pending tasks with that error as
 * its reason; their later outcomes are dropped. No rejection is ever left
 * unhandled, and native promises of an array source that were never reached
 * are marked handled (as `Promise.all` would). `collect([])` is `[]` at once.
 *
 * With `stopOnError: false` nothing fails fast: every task runs to its end,
 * then the promise fulfills with all values, or rejects with an
 * `AggregateError` of the failures in source order.
 *
 * Errors: `collect` never throws; a bad argument rejects the promise before
 * anything runs, with a `TypeError` (`tasks` or `items` not iterable,
 * `options` not an object, `workers` not a number, `signal` not an
 * AbortSignal, `stopOnError` not a boolean) or a `RangeError` (`workers`
 * neither an integer >= 1 nor `Infinity`). An aborted `signal` rejects with
 * `signal.reason`.
 *
 * @example
 * ```ts
 * import { collect } from '@aiox/collect';
 *
 * const sleep = (ms: number) => new Promise<number>((done) => setTimeout(done, ms, ms));
 * console.log(await collect([30, 10, 20], (ms) => sleep(ms), { workers: 2 })); // [30, 10, 20]
 * console.log(await collect([30, 10, 20].map((ms) => () => sleep(ms)), { workers: 2 })); // [30, 10, 20]
 *
 * try {
 *   await collect([1, 2, 3], async (n) => {
 *     if (n !== 2) throw new Error(`no ${n}`);
 *     return n;
 *   }, { stopOnError: false });
 * } catch (error) {
 *   console.log((error as AggregateError).errors); // [Error: no 1, Error: no 3]
 * }
 * ```
 */
export function collect<I, T>(
  items: Iterable<I> | AsyncIterable<I>,
  mapper: Mapper<I, T>,
  options?: CollectOptions,
): Promise<T[]>;
export function collect<T>(tasks: TaskSource<T>, options?: CollectOptions): Promise<T[]>;
export function collect<T>(
  tasks: Iterable<unknown> | AsyncIterable<unknown>,
  mapperOrOptions?: Mapper<unknown, T> | CollectOptions,
  options?: CollectOptions,
): Promise<T[]> {
  return collectTasks<T>(tasks, mapperOrOptions, options);
}

/**
 * Runs the tasks with at most `workers` pending at once and hands their
 * outcomes back one by one, in source order, as soon as each is ready.
 * Nothing is read or called until the first `next()`. As {@link collect},
 * it takes tasks, or plain items and a mapper: `resolve(items, mapper,
 * options)`.
 *
 * Over a sync source it returns an iterator of promises, one per item, as the
 * Python original does: each promise settles with its own item's outcome, so
 * one failure does not stop the others. `for await` over it reads plain
 * values (it has no `Symbol.asyncIterator`, so the language awaits each
 * promise). A promise is created only for an item the consumer asks for. An
 * error thrown by the source itself is thrown by the `next()` that reaches
 * its position.
 *
 * Over an async source it returns an async iterator of the values, in order.
 * At the first failed item (in source order) `next()` rejects with its error
 * and the iteration is over: the items before it have been yielded, the
 * tasks still running are aborted and the source is closed.
 *
 * Leaving early (`break`, `return`, a throw in the loop body) stops reading
 * the source, closes it, and aborts the pending tasks; their outcomes are
 * dropped, and the promises already handed out for them reject (handled)
 * with the abort reason. An aborted `signal` does the same, and the next
 * `next()` throws (rejects) with `signal.reason`.
 *
 * With `stopOnError: false` over an async source, a failed item is skipped
 * instead: the others' values are yielded in order, and the last `next()`
 * rejects with an `AggregateError` of the failures in source order.
 *
 * Errors: a bad argument throws at once, a `TypeError` (`tasks` or `items`
 * not iterable, `options` not an object, `workers`/`workerGreediness` not a
 * number, `signal` not an AbortSignal, `stopOnError` not a boolean) or a
 * `RangeError` (`workers` neither an integer >= 1 nor `Infinity`,
 * `workerGreediness` not an integer >= 0).
 *
 * @example
 * ```ts
 * import { resolve } from '@aiox/collect';
 *
 * const tasks = [1, 2, 3].map((n) => async () => {
 *   if (n === 2) throw new Error('two');
 *   return n;
 * });
 * for (const next of resolve(tasks, { workers: 2 })) {
 *   try {
 *     console.log(await next); // 1, then 3
 *   } catch (error) {
 *     console.log('failed:', error); // Error: two
 *   }
 * }
 *
 * async function* pages() {
 *   for (let page = 1; page <= 3; page++) yield async () => `page ${page}`;
 * }
 * for await (const page of resolve(pages(), { workers: 2, workerGreediness: 1 })) console.log(page);
 *
 * for await (const square of resolve([1, 2, 3], async (n) => n * n, { workers: 2 })) console.log(square); // 1, 4, 9
 * ```
 */
export function resolve<I, T>(
  items: AsyncIterable<I>,
  mapper: Mapper<I, T>,
  options?: ResolveOptions,
): AsyncIterableIterator<T>;
export function resolve<I, T>(
  items: Iterable<I>,
  mapper: Mapper<I, T>,
  options?: ResolveOptions,
): IterableIterator<Promise<T>>;
export function resolve<I, T>(
  items: Iterable<I> | AsyncIterable<I>,
  mapper: Mapper<I, T>,
  options?: ResolveOptions,
): AsyncIterableIterator<T> | IterableIterator<Promise<T>>;
export function resolve<T>(tasks: AsyncIterable<Task<T>>, options?: ResolveOptions): AsyncIterableIterator<T>;
export function resolve<T>(tasks: Iterable<Task<T>>, options?: ResolveOptions): IterableIterator<Promise<T>>;
export function resolve<T>(
  tasks: TaskSource<T>,
  options?: ResolveOptions,
): AsyncIterableIterator<T> | IterableIterator<Promise<T>>;
export function resolve<T>(
  tasks: Iterable<unknown> | AsyncIterable<unknown>,
  mapperOrOptions?: Mapper<unknown, T> | ResolveOptions,
  options?: ResolveOptions,
): AsyncIterableIterator<T> | IterableIterator<Promise<T>> {
  return resolveTasks<T>(tasks, mapperOrOptions, options);
}

/**
 * Starts a task at once and returns a promise that never rejects: it
 * settles to a {@link Settled} when the task does. No unhandled rejection
 * can come from it, even if nobody awaits it.
 *
 * A thunk is called synchronously, with a fresh signal of its own that never
 * aborts. A thunk that throws synchronously gives a rejected `Settled`; a
 * plain value gives a fulfilled one. There is no bad argument.
 *
 * @example
 * ```ts
 * import { schedule } from '@aiox/collect';
 *
 * const pending = schedule(async () => 6 * 7); // running now
 * // ... other work ...
 * const settled = await pending;
 * console.log(settled.status, settled.result()); // fulfilled 42
 * ```
 */
export function schedule<T>(task: Task<T>): Promise<Settled<T>> {
  return scheduleTask<T>(task);
}

/**
 * Resolves after one full turn of the event loop: timers that were due and
 * I/O callbacks that were ready have run by then, not merely the microtasks.
 * Useful to let other work in, or in tests, to let pending callbacks land.
 *
 * It waits for a `setTimeout(0)`, then for `setImmediate` where it exists
 * (Node, Bun, Deno), else for a `MessageChannel` message. In Deno a
 * `node:net` read whose data has arrived may need more than one turn.
 *
 * @example
 * ```ts
 * import { forceLoopCycle } from '@aiox/collect';
 *
 * let fired = false;
 * setTimeout(() => (fired = true), 0);
 * await forceLoopCycle();
 * console.log(fired); // true
 * ```
 */
export function forceLoopCycle(): Promise<void> {
  return forceLoopCycleNow();
}
