import { describeServer, type RedisClient } from './client';

/**
 * Redis could not be reached: refused, lost, or no answer within
 * `redisTimeout`. `cause` holds the client's own error when there was one.
 * Whatever the call may have reserved or queued before the connection failed
 * is taken back once Redis answers again, or ends with its lease.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { RedisSemaphore, RedisUnavailableError } from '@aiox/redis';
 *
 * const redis = new Redis({ port: 1, maxRetriesPerRequest: 0, lazyConnect: true });
 * const semaphore = new RedisSemaphore({ redis, key: 'jobs', value: 1, redisTimeout: 500 });
 * await semaphore.acquire().catch((error) => console.log(error instanceof RedisUnavailableError)); // true
 * redis.disconnect();
 * ```
 */
export class RedisUnavailableError extends Error {
  /** `"RedisUnavailableError"`. */
  override readonly name = 'RedisUnavailableError';
  /** `"ERR_AIOX_REDIS_UNAVAILABLE"`, stable across versions. */
  readonly code = 'ERR_AIOX_REDIS_UNAVAILABLE';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * A limit of this key is live in Redis with other options than this
 * caller's (another `value`, or other `maxCalls`/`period`/`minInterval`): a
 * silently different budget would break the limit for everyone. The options
 * live with the key while anything holds, waits or is inside the window.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { RedisOptionsMismatchError, RedisSemaphore } from '@aiox/redis';
 *
 * const redis = new Redis();
 * const held = await new RedisSemaphore({ redis, key: 'pool', value: 4 }).acquire();
 * await new RedisSemaphore({ redis, key: 'pool', value: 8 })
 *   .acquire()
 *   .catch((error) => console.log(error instanceof RedisOptionsMismatchError)); // true
 * await held.release();
 * redis.disconnect();
 * ```
 */
export class RedisOptionsMismatchError extends Error {
  /** `"RedisOptionsMismatchError"`. */
  override readonly name = 'RedisOptionsMismatchError';
  /** `"ERR_AIOX_REDIS_OPTIONS_MISMATCH"`, stable across versions. */
  readonly code = 'ERR_AIOX_REDIS_OPTIONS_MISMATCH';
}

/**
 * The reason a permit's `signal` aborts with: its lease ended before it was
 * released (not renewed in time, or Redis lost its data), so its permits may
 * be someone else's now.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { LeaseLostError, RedisSemaphore } from '@aiox/redis';
 *
 * const redis = new Redis();
 * const permit = await new RedisSemaphore({ redis, key: 'jobs', value: 1 }).acquire();
 * permit.signal.addEventListener('abort', () => console.log(permit.signal.reason instanceof LeaseLostError));
 * await permit.release();
 * redis.disconnect();
 * ```
 */
export class LeaseLostError extends Error {
  /** `"LeaseLostError"`. */
  override readonly name = 'LeaseLostError';
  /** `"ERR_AIOX_LEASE_LOST"`, stable across versions. */
  readonly code = 'ERR_AIOX_LEASE_LOST';
}

/** A reply error is Redis answering; anything else is the way to Redis failing. */
function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}

export function unavailable(redis: RedisClient, what: string, cause: unknown, timeoutMs?: number): RedisUnavailableError {
  const server = describeServer(redis);
  const reason =
    timeoutMs === undefined
      ? `${cause instanceof Error ? cause.message : String(cause)}`
      : `no answer within ${timeoutMs} ms (client ${redis.status})`;
  return new RedisUnavailableError(
    `${what}: Redis at ${server} could not be reached (${reason}). Check that it runs and that this process can reach it.`,
    cause === undefined ? undefined : { cause },
  );
}

/** The error a failed Redis call rejects with: reply errors as they are, with context; the rest as unavailable. */
export function callFailure(redis: RedisClient, what: string, cause: unknown): Error {
  if (isReplyError(cause)) {
    return new Error(`${what}: Redis refused the call: ${(cause as Error).message}`, { cause });
  }
  return unavailable(redis, what, cause);
}
