import { assertInteger, assertNumber, assertOptions, describeValue, readRateLimitOptions, type RateLimitSettings } from '@aiox/internal';
import type { RedisClient } from './client';

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
  assertInteger('leaseMs', leaseMs, LEAST_LEASE_MS);
  return { ...settings, value, leaseMs };
}

export interface RedisRateLimitSettings extends RedisSettings, RateLimitSettings {}

export function readRedisRateLimitOptions(options: unknown): RedisRateLimitSettings {
  return { ...readRedisSettings(options), ...readRateLimitOptions(options) };
}
