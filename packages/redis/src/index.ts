/**
 * Rate limits and semaphores shared by every process on every machine that
 * names the same key on the same Redis, shaped like `@aiox/rate-limit` and
 * `@aiox/semaphore` where Redis allows: what Redis answers is a promise
 * (`tryAcquire`, a permit's `release()`), and `acquire()` resolves to a leased
 * permit you release (the README's "Moving from the in-process limits" lists
 * every change). It uses the ioredis client you made and own.
 *
 * Each decision is one atomic Lua script on Redis's clock (`TIME`), called
 * by SHA. Waiters sleep until the time the script names or until a release
 * is announced (pub/sub), never on a polling loop. Permits are leased, so a
 * holder that dies gives them back within `leaseMs`. Node.js only.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { RedisSemaphore } from '@aiox/redis';
 *
 * const redis = new Redis();
 * const connections = new RedisSemaphore({ redis, key: 'db-connections', value: 10 });
 * {
 *   await using permit = await connections.acquire();
 *   console.log('one of at most 10, across every process', permit.times);
 * }
 * redis.disconnect();
 * ```
 * @packageDocumentation
 */
import type { RateLimitOptions } from '@aiox/rate-limit';
import type { RedisClient } from './client';
import { readRedisRateLimitOptions, readRedisSemaphoreOptions } from './options';
import { RateLimiterCore } from './redis-rate-limiter-core';
import type { RedisPermit } from './redis-permit';
import { SemaphoreCore } from './redis-semaphore-core';

export type { RedisClient, RedisSubscriberClient } from './client';
export { LeaseLostError, RedisOptionsMismatchError, RedisUnavailableError } from './errors';
export type { RedisPermit } from './redis-permit';

/**
 * Where a limit lives: the client and the key every sharing caller names.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import type { RedisLimitOptions } from '@aiox/redis';
 *
 * const where: RedisLimitOptions = { redis: new Redis(), key: 'partner-api', redisTimeout: 2000 };
 * ```
 */
export interface RedisLimitOptions {
  /**
   * An ioredis client (`new Redis(…)`), made and owned by you: this package
   * never closes it. While something waits, it also opens one pub/sub
   * connection with `redis.duplicate()`, and closes it when nothing waits.
   */
  redis: RedisClient;
  /**
   * The name of the shared limit: every limiter (or semaphore) with this key
   * on this Redis shares one budget. Its Redis keys are `aiox:{<key>}:…`, one
   * hash tag, so it works on Redis Cluster. A non-empty string.
   */
  key: string;
  /**
   * How long one call to Redis may take, in ms, before the call rejects with
   * {@link RedisUnavailableError}, whatever the client's own retry settings.
   * A finite number > 0, default 5000.
   */
  redisTimeout?: number | undefined;
}

/**
 * Options of {@link RedisRateLimiter}: those of `RateLimiter` plus where it lives.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import type { RedisRateLimitOptions } from '@aiox/redis';
 *
 * const options: RedisRateLimitOptions = { redis: new Redis(), key: 'partner-api', maxCalls: 100, period: 1000 };
 * ```
 */
export interface RedisRateLimitOptions extends RateLimitOptions, RedisLimitOptions {}

/**
 * Options of {@link RedisSemaphore}.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import type { RedisSemaphoreOptions } from '@aiox/redis';
 *
 * const options: RedisSemaphoreOptions = { redis: new Redis(), key: 'db-connections', value: 10, leaseMs: 10_000 };
 * ```
 */
export interface RedisSemaphoreOptions extends RedisLimitOptions {
  /** How many permits exist, for all callers of the key together. An integer >= 1. */
  value: number;
  /**
   * How long a permit outlives a holder that stopped renewing it (crash,
   * `kill -9`, lost network), in ms: an integer >= 100, default 30000. A live
   * holder renews it every third of it, in one call for all its permits.
   */
  leaseMs?: number | undefined;
}

/**
 * Options of a call that may wait.
 *
 * @example
 * ```ts
 * import type { RedisAcquireOptions } from '@aiox/redis';
 *
 * const options: RedisAcquireOptions = { signal: AbortSignal.timeout(10_000) };
 * ```
 */
export interface RedisAcquireOptions {
  /**
   * Gives up waiting when aborted: the call takes back what it reserved or
   * queued in Redis, then rejects with `signal.reason`. An already aborted
   * signal rejects at once.
   */
  signal?: AbortSignal | undefined;
}

/**
 * A sliding-window rate limit (at most `maxCalls` starts in any `period` ms,
 * two starts at least `minInterval` ms apart) for the union of every caller,
 * in any process, that names the same `key` on the same Redis.
 *
 * An `acquire()` that can start now is one script call. One that has to
 * wait is two: Redis reserves the earliest start the rules allow after every
 * earlier reservation (so callers start in the order Redis saw them), the
 * caller sleeps until then, and on waking confirms its start against the
 * starts really made, in Redis, at Redis's time: a caller whose timer fired
 * late is moved (one more call) if it came too close to a start made
 * meanwhile. So the rules hold exactly, on Redis's clock, for the moments
 * Redis let each start happen; a caller sees its start one reply's delivery
 * later. A caller whose options differ from those live on the key is
 * refused with {@link RedisOptionsMismatchError}.
 *
 * @throws {TypeError} / {RangeError} for bad options, naming the option, as
 * `RateLimiter` does; `TypeError` when `redis` is not a client.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { RedisRateLimiter } from '@aiox/redis';
 *
 * const redis = new Redis();
 * // 100 requests per second to the partner's API, from every process together.
 * const limiter = new RedisRateLimiter({ redis, key: 'partner-api', maxCalls: 100, period: 1000 });
 * await limiter.acquire();
 * redis.disconnect();
 * ```
 */
export class RedisRateLimiter {
  readonly #core: RateLimiterCore;

  constructor(options: RedisRateLimitOptions) {
    this.#core = new RateLimiterCore(readRedisRateLimitOptions(options));
  }

  /**
   * How many `acquire()` calls of this limiter are sleeping until their slot.
   *
   * @example
   * ```ts
   * import { Redis } from 'ioredis';
   * import { RedisRateLimiter } from '@aiox/redis';
   *
   * const limiter = new RedisRateLimiter({ redis: new Redis(), key: 'k', maxCalls: 1, period: 1000 });
   * console.log(limiter.waiting); // 0
   * ```
   */
  get waiting(): number {
    return this.#core.waiting;
  }

  /**
   * Waits for a start slot; the slot counts as used from then on.
   *
   * @returns a promise that resolves when the caller may start; rejects with
   * `options.signal.reason` if it aborts first (the reservation is taken back
   * from Redis before it rejects), with {@link RedisUnavailableError} when
   * Redis cannot be reached within `redisTimeout`, with
   * {@link RedisOptionsMismatchError} when the key is live with other options.
   *
   * @example
   * ```ts
   * import { Redis } from 'ioredis';
   * import { RedisRateLimiter } from '@aiox/redis';
   *
   * const redis = new Redis();
   * const limiter = new RedisRateLimiter({ redis, key: 'partner-api', maxCalls: 2, period: 1000 });
   * await limiter.acquire({ signal: AbortSignal.timeout(5000) });
   * redis.disconnect();
   * ```
   */
  acquire(options?: RedisAcquireOptions): Promise<void> {
    return this.#core.acquire(options);
  }

  /**
   * Takes a start slot only if one is open right now (nobody reserved ahead);
   * never waits.
   *
   * @returns `true` if a slot was taken.
   *
   * @example
   * ```ts
   * import { Redis } from 'ioredis';
   * import { RedisRateLimiter } from '@aiox/redis';
   *
   * const redis = new Redis();
   * const limiter = new RedisRateLimiter({ redis, key: 'once-a-second', maxCalls: 1, period: 1000 });
   * console.log(await limiter.tryAcquire(), await limiter.tryAcquire()); // true false
   * redis.disconnect();
   * ```
   */
  tryAcquire(): Promise<boolean> {
    return this.#core.tryAcquire();
  }

  /**
   * Returns `fn` behind this limiter: each call waits for a slot, then calls
   * `fn` with the same `this` and arguments. A call that throws still used
   * its slot. Keeps `fn`'s `name` and `length`.
   *
   * @throws {TypeError} when `fn` is not a function.
   *
   * @example
   * ```ts
   * import { Redis } from 'ioredis';
   * import { RedisRateLimiter } from '@aiox/redis';
   *
   * const redis = new Redis();
   * const limiter = new RedisRateLimiter({ redis, key: 'partner-api', maxCalls: 10, period: 1000 });
   * const get = limiter.wrap((url: string) => fetch(url));
   * await get('https://example.com');
   * redis.disconnect();
   * ```
   */
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Promise<Awaited<R>> {
    return this.#core.wrap(fn);
  }
}

/**
 * A counting semaphore whose `value` permits are shared by every caller, in
 * any process, that names the same `key` on the same Redis.
 *
 * Waiters are served first come, first served across processes (a queue in
 * Redis, each entry leased so a dead waiter drops out); `acquireMany(n)`
 * takes n permits at once or none, and a large request at the head is not
 * starved by smaller ones. Permits are leased: renewed while held, back
 * within `leaseMs` if their holder dies. Acquire and release are one script
 * call each when nobody waits.
 *
 * @throws {TypeError} / {RangeError} for bad options, naming the option.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { RedisSemaphore } from '@aiox/redis';
 *
 * const redis = new Redis();
 * const semaphore = new RedisSemaphore({ redis, key: 'gpu', value: 2 });
 * const permit = await semaphore.acquire();
 * try {
 *   // at most 2 holders across every machine
 * } finally {
 *   await permit.release();
 * }
 * redis.disconnect();
 * ```
 */
export class RedisSemaphore {
  readonly #core: SemaphoreCore;

  constructor(options: RedisSemaphoreOptions) {
    this.#core = new SemaphoreCore(readRedisSemaphoreOptions(options));
  }

  /**
   * Waits for one permit.
   *
   * @returns the permit; rejects as {@link RedisSemaphore.acquireMany} does.
   *
   * @example
   * ```ts
   * import { Redis } from 'ioredis';
   * import { RedisSemaphore } from '@aiox/redis';
   *
   * const redis = new Redis();
   * const semaphore = new RedisSemaphore({ redis, key: 'jobs', value: 4 });
   * {
   *   await using permit = await semaphore.acquire({ signal: AbortSignal.timeout(10_000) });
   *   permit.signal.throwIfAborted(); // the lease still holds
   * }
   * redis.disconnect();
   * ```
   */
  acquire(options?: RedisAcquireOptions): Promise<RedisPermit> {
    return this.#core.acquireMany(1, options);
  }

  /**
   * Waits until `times` permits are free together and takes them all at
   * once; it never holds part of them while it waits.
   *
   * @returns the permit; rejects with `RangeError` when `times` is not an
   * integer >= 1 or exceeds `value`, with `signal.reason` on abort (its place
   * in the queue is gone from Redis before it rejects), with
   * {@link RedisUnavailableError} when Redis cannot be reached within
   * `redisTimeout` (also while it waits), with
   * {@link RedisOptionsMismatchError} when the key is live with another value.
   *
   * @example
   * ```ts
   * import { Redis } from 'ioredis';
   * import { RedisSemaphore } from '@aiox/redis';
   *
   * const redis = new Redis();
   * const memory = new RedisSemaphore({ redis, key: 'memory-gb', value: 64 });
   * const permit = await memory.acquireMany(16);
   * await permit.release();
   * redis.disconnect();
   * ```
   */
  acquireMany(times: number, options?: RedisAcquireOptions): Promise<RedisPermit> {
    return this.#core.acquireMany(times, options);
  }

  /**
   * Takes `times` permits (default 1) only if they are free now and nobody
   * is queued; never waits.
   *
   * @returns the permit, or `undefined` when it would have to wait. Rejects
   * with `RangeError` when `times` is not an integer >= 1 or exceeds `value`,
   * as {@link RedisSemaphore.acquireMany} does.
   *
   * @example
   * ```ts
   * import { Redis } from 'ioredis';
   * import { RedisSemaphore } from '@aiox/redis';
   *
   * const redis = new Redis();
   * const semaphore = new RedisSemaphore({ redis, key: 'report', value: 1 });
   * const permit = await semaphore.tryAcquire();
   * if (permit === undefined) console.log('someone else is writing the report');
   * else await permit.release();
   * redis.disconnect();
   * ```
   */
  tryAcquire(times?: number): Promise<RedisPermit | undefined> {
    return this.#core.tryAcquire(times);
  }
}
