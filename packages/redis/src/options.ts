import { assertInteger, assertNumber, assertOptions, describeValue, readRateLimitOptions, type RateLimitSettings } from '@aiox/internal';
import type { RedisClient } from './client';
import { MAX_TIMER_MS } from './timer';

/** The Redis side of a limit's options, checked. */
export interface RedisSettings {
  readonly redis: RedisClient;
  readonly key: string;
  readonly redisTimeout: number;
}

type Unchecked<K extends string> = { readonly [key in K]?: unknown };

export const DEFAULT_REDIS_TIMEOUT = 5000;
export const DEFAULT_LEASE_MS = 30_000;
/** Below this a lease would have to be renewed more often than Redis answers under load. */
const LEAST_LEASE_MS = 100;

// The upper bounds keep every number the scripts handle exact: Lua writes
// an integer of 1e14 or more into a string with an exponent ("1 1e+14"),
// which the scripts' own parser then refuses (every later call on the key
// failed), and a start time in ms keeps its microseconds in a double only
// below about 9e12.
/** The most permits, calls per period, or ms of a lease: Lua writes integers up to here in full. */
export const MAX_COUNT = 99_999_999_999_999;
/** The longest period or minInterval (about 31.7 years): a start time then keeps its microseconds. */
export const MAX_PERIOD_MS = 1e12;

/** Throws a RangeError naming `name` when `value` is above `max`. */
function assertAtMost(name: string, value: number, max: number, why: string): void {
  if (value > max) throw new RangeError(`${name} must be <= ${max} ${why} (received ${describeValue(value)})`);
}

function readRedis(value: unknown): RedisClient {
  const client = value as Partial<RedisClient> | null | undefined;
  if (
    client === null ||
    typeof client !== 'object' ||
    typeof client.evalsha !== 'function' ||
    typeof client.eval !== 'function' ||
    typeof client.duplicate !== 'function'
  ) {
    throw new TypeError(`redis must be an ioredis client (new Redis(…)) (received ${describeValue(value)})`);
  }
  return client as RedisClient;
}

function readKey(key: unknown): string {
  if (typeof key !== 'string') throw new TypeError(`key must be a non-empty string (received ${describeValue(key)})`);
  if (key.length === 0) throw new RangeError('key must be a non-empty string (received "")');
  return key;
}

export function readRedisSettings(options: unknown): RedisSettings {
  assertOptions('options', options);
  const given = (options ?? {}) as Unchecked<'redis' | 'key' | 'redisTimeout'>;
  const { redisTimeout = DEFAULT_REDIS_TIMEOUT } = given;
  assertNumber('redisTimeout', redisTimeout, 0, false);
  assertAtMost('redisTimeout', redisTimeout, MAX_TIMER_MS, '(the longest timer Node keeps, about 24.8 days)');
  return { redis: readRedis(given.redis), key: readKey(given.key), redisTimeout };
}

export interface RedisSemaphoreSettings extends RedisSettings {
  readonly value: number;
  readonly leaseMs: number;
}

export function readRedisSemaphoreOptions(options: unknown): RedisSemaphoreSettings {
  const settings = readRedisSettings(options);
  const { value, leaseMs = DEFAULT_LEASE_MS } = options as Unchecked<'value' | 'leaseMs'>;
  assertInteger('value', value, 1);
  assertAtMost('value', value, MAX_COUNT, '(the largest integer the scripts keep exactly)');
  assertInteger('leaseMs', leaseMs, LEAST_LEASE_MS);
  assertAtMost('leaseMs', leaseMs, MAX_COUNT, '(about 3,170 years; the largest integer the scripts keep exactly)');
  return { ...settings, value, leaseMs };
}

export interface RedisRateLimitSettings extends RedisSettings, RateLimitSettings {}

export function readRedisRateLimitOptions(options: unknown): RedisRateLimitSettings {
  const redis = readRedisSettings(options);
  const limit = readRateLimitOptions(options);
  assertAtMost('maxCalls', limit.maxCalls, MAX_COUNT, '(the largest integer the scripts keep exactly)');
  const times = '(about 31.7 years; the scripts keep start times to the microsecond below that)';
  assertAtMost('period', limit.period, MAX_PERIOD_MS, times);
  assertAtMost('minInterval', limit.minInterval, MAX_PERIOD_MS, times);
  return { ...redis, ...limit };
}
