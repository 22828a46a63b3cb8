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
 * const users = await collect(
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
 * Errors: `collect` never throws; a bad argument rejects the promise before
 * anything runs, with a `TypeError` (`tasks` not iterable, `options` not an
 * object, `workers` not a number, `signal` not an AbortSignal) or a
 * `RangeError` (`workers` neither an integer >= 1 nor `Infinity`). An aborted `signal` rejects
 * with `signal.reason`.
 *
 * @example
 * ```ts
 * import { collect } from '@aiox/collect';
 *
 * const sleep = (ms: number, signal: AbortSignal) =>
 *   new Promise((done) => setTimeout(done, ms, ms));
 * const values = await collect([30, 10, 20].map((ms) => (signal: AbortSignal) => sleep(ms, signal)), { workers: 2 });
 * console.log(values); // [30, 10, 20]
 * ```
 */
export function collect<T>(tasks: TaskSource<T>, options?: CollectOptions): Promise<T[]> {
  return collectTasks<T>(tasks, options);
}

/**
 * Runs the tasks with at most `workers` pending at once and hands their
 * outcomes back one by one, in source order, as soon as each is ready.
 * Nothing is read or called until the first `next()`.
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
 * Errors: a bad argument throws at once, a `TypeError` (`tasks` not iterable,
 * `options` not an object, `workers`/`workerGreediness` not a number,
 * `signal` not an AbortSignal) or a `RangeError` (`workers` neither an
 * integer >= 1 nor `Infinity`, `workerGreediness` not an integer >= 0).
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
 * ```
 */
export function resolve<T>(tasks: AsyncIterable<Task<T>>, options?: ResolveOptions): AsyncIterableIterator<T>;
export function resolve<T>(tasks: Iterable<Task<T>>, options?: ResolveOptions): IterableIterator<Promise<T>>;
export function resolve<T>(
  tasks: TaskSource<T>,
  options?: ResolveOptions,
): AsyncIterableIterator<T> | IterableIterator<Promise<T>>;
export function resolve<T>(
  tasks: TaskSource<T>,
  options?: ResolveOptions,
): AsyncIterableIterator<T> | IterableIterator<Promise<T>> {
  return resolveTasks<T>(tasks, options);
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
