/**
 * Rate limiting by starts: at most `maxCalls` calls start in any window of
 * `period` ms, two starts are at least `minInterval` ms apart, and waiting
 * calls start in arrival order as early as those rules allow. It limits
 * starts, not concurrency: calls may overlap. Runs in Node, browsers, Deno and
 * Bun.
 *
 * @example
 * ```ts
 * import { rateLimited } from '@aiox/rate-limit';
 *
 * const query = rateLimited({ maxCalls: 2, period: 1000, minInterval: 200 })(
 *   async (n: number) => n * 2,
 * );
 * console.log(await Promise.all([1, 2, 3].map(query))); // [2, 4, 6], the last one a second later
 * ```
 * @packageDocumentation
 */
import { readRateLimitOptions } from './options';
import { StartScheduler } from './start-scheduler';
import { wrapStarts } from './wrap';

/**
 * How many calls may start, and how close together.
 *
 * @example
 * ```ts
 * import { RateLimiter, type RateLimitOptions } from '@aiox/rate-limit';
 *
 * // 10 starts per second, never two within 50 ms of each other.
 * const options: RateLimitOptions = { maxCalls: 10, period: 1000, minInterval: 50 };
 * const limiter = new RateLimiter(options);
 * ```
 */
export interface RateLimitOptions {
  /** At most this many calls start in any window of `period` ms. An integer >= 1. */
  maxCalls: number;
  /** The length of the sliding window, in milliseconds. A finite number > 0. */
  period: number;
  /**
   * The least time between two starts, in milliseconds: a finite number >= 0,
   * default 0. Spreads a burst out instead of letting `maxCalls` calls start
   * at the same instant.
   */
  minInterval?: number | undefined;
}

/**
 * Options of a call that may wait.
 *
 * @example
 * ```ts
 * import { RateLimiter, type AcquireOptions } from '@aiox/rate-limit';
 *
 * const options: AcquireOptions = { signal: AbortSignal.timeout(5000) };
 * await new RateLimiter({ maxCalls: 1, period: 1000 }).acquire(options);
 * ```
 */
export interface AcquireOptions {
  /**
   * Gives up waiting when aborted: the promise rejects with `signal.reason`
   * and the waiter leaves the queue (those behind it move up). An already
   * aborted signal rejects at once.
   */
  signal?: AbortSignal | undefined;
}

/**
 * One start budget (a sliding window of `period` ms holding at most
 * `maxCalls` starts, plus `minInterval` between two starts), shared by every
 * `acquire()` and by every function passed to {@link RateLimiter.wrap}.
 *
 * Waiters start in arrival order, each as early as the rules allow, judged
 * against `performance.now()` rather than trusting timers. While calls wait,
 * exactly one timer is armed; when none wait, none is.
 *
 * @throws {TypeError} when `options` is not an object or an option has the wrong type.
 * @throws {RangeError} when `maxCalls` is not an integer >= 1, `period` is not a
 * finite number > 0, or `minInterval` is not a finite number >= 0.
 *
 * @example
 * ```ts
 * import { RateLimiter } from '@aiox/rate-limit';
 *
 * const limiter = new RateLimiter({ maxCalls: 5, period: 1000 });
 * for (const url of ['https://example.com/a', 'https://example.com/b']) {
 *   await limiter.acquire();
 *   void fetch(url); // at most 5 requests start per second
 * }
 * ```
 */
export class RateLimiter {
  readonly #scheduler: StartScheduler;

  constructor(options: RateLimitOptions) {
    this.#scheduler = new StartScheduler(readRateLimitOptions(options));
  }

  /**
   * How many `acquire()` calls and wrapped calls are waiting for their slot.
   *
   * @example
   * ```ts
   * import { RateLimiter } from '@aiox/rate-limit';
   *
   * const limiter = new RateLimiter({ maxCalls: 1, period: 1000 });
   * void limiter.acquire();
   * void limiter.acquire();
   * console.log(limiter.waiting); // 1
   * ```
   */
  get waiting(): number {
    return this.#scheduler.waiting;
  }

  /**
   * Waits for a start slot. Resolves when the caller may start, at once when
   * a slot is free and nobody waits; the slot counts as used from then on.
   *
   * @returns a promise that resolves when the call may start, or rejects with
   * `options.signal.reason` if the signal aborts first (leaving no waiter, no
   * timer and no used slot behind). A bad `options` rejects with a `TypeError`.
   *
   * @example
   * ```ts
   * import { RateLimiter } from '@aiox/rate-limit';
   *
   * const limiter = new RateLimiter({ maxCalls: 2, period: 1000 });
   * await limiter.acquire({ signal: AbortSignal.timeout(3000) });
   * console.log('started at', performance.now());
   * ```
   */
  acquire(options?: AcquireOptions): Promise<void> {
    return this.#scheduler.acquire(options);
  }

  /**
   * Takes a start slot if one is free right now and nobody is waiting;
   * never waits. Useful to drop or defer work instead of queueing it.
   *
   * @returns `true` if a slot was taken (start now), `false` otherwise.
   *
   * @example
   * ```ts
   * import { RateLimiter } from '@aiox/rate-limit';
   *
   * const limiter = new RateLimiter({ maxCalls: 1, period: 1000 });
   * console.log(limiter.tryAcquire(), limiter.tryAcquire()); // true false
   * ```
   */
  tryAcquire(): boolean {
    return this.#scheduler.tryStart();
  }

  /**
   * Returns `fn` behind this limiter: each call waits for a slot, then calls
   * `fn` with the same `this` and arguments. Every function wrapped by one
   * limiter shares its budget. A call that throws (synchronously or by
   * rejecting) still used its slot; a synchronous throw becomes a rejection.
   * The wrapper keeps `fn`'s `name` and `length`. Its arguments are `fn`'s,
   * so it takes no signal: for a cancellable wait, use {@link RateLimiter.acquire}.
   *
   * @throws {TypeError} when `fn` is not a function.
   *
   * @example
   * ```ts
   * import { RateLimiter } from '@aiox/rate-limit';
   *
   * const limiter = new RateLimiter({ maxCalls: 3, period: 1000 });
   * const get = limiter.wrap((url: string) => fetch(url));
   * const post = limiter.wrap((url: string) => fetch(url, { method: 'POST' }));
   * await Promise.all([get('https://example.com'), post('https://example.com')]); // one budget
   * ```
   */
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Promise<Awaited<R>> {
    return wrapStarts(this.#scheduler, fn);
  }
}

/**
 * A decorator factory, after Python's `aioextensions.rate_limited`: the
 * options are checked now, and each function it decorates gets a budget of
 * its own (as in Python). For one budget shared by several functions, wrap
 * them with one {@link RateLimiter}. Also usable as a standard (TC39) method
 * decorator; every instance of the class then shares that method's budget.
 *
 * @throws {TypeError} / {RangeError} for bad options, as {@link RateLimiter}
 * does; the returned decorator throws `TypeError` when given a non-function.
 *
 * @example
 * ```ts
 * import { rateLimited } from '@aiox/rate-limit';
 *
 * // At most 2 calls per second, starts at least 200 ms apart.
 * const limit = rateLimited({ maxCalls: 2, period: 1000, minInterval: 200 });
 * const startedAt = limit(async () => performance.now());
 * const times = await Promise.all([startedAt(), startedAt(), startedAt(), startedAt()]);
 * console.log(times.map((t) => Math.round(t - times[0]!))); // about [0, 200, 1000, 1200]
 * ```
 */
export function rateLimited(
  options: RateLimitOptions,
): <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A) => Promise<Awaited<R>> {
  const settings = readRateLimitOptions(options);
  return (fn) => wrapStarts(new StartScheduler(settings), fn);
}
