// Type tests: `tsc -p tsconfig.json` (the repository compiles with
// exactOptionalPropertyTypes) fails if a line marked @ts-expect-error
// compiles or an expectTypeOf does not hold. The runtime half checks that an
// explicit `undefined` behaves as the option left out.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RedisAcquireOptions, RedisClient, RedisLimitOptions, RedisRateLimitOptions, RedisSemaphoreOptions } from './index';
import { RedisRateLimiter, RedisSemaphore } from './index';
import { freshKey, hasRedisServer, useRedis } from './testing/redis';

/** The optional keys of T. */
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
/** The optional keys of T that do not accept an explicit `undefined` (never, when all do). */
type RefusingUndefined<T> = { [K in OptionalKeys<T>]-?: Record<K, undefined> extends Pick<T, K> ? never : K }[OptionalKeys<T>];

describe('types', () => {
  it('every optional property of the public options accepts an explicit undefined', () => {
    expectTypeOf<RefusingUndefined<RedisLimitOptions>>().toEqualTypeOf<never>();
    expectTypeOf<RefusingUndefined<RedisRateLimitOptions>>().toEqualTypeOf<never>();
    expectTypeOf<RefusingUndefined<RedisSemaphoreOptions>>().toEqualTypeOf<never>();
    expectTypeOf<RefusingUndefined<RedisAcquireOptions>>().toEqualTypeOf<never>();
    expectTypeOf<RefusingUndefined<RedisClient['options']>>().toEqualTypeOf<never>();
    // And the checks above can tell: a property without `| undefined` is named.
    expectTypeOf<RefusingUndefined<{ a?: number; b?: number | undefined }>>().toEqualTypeOf<'a'>();
    expectTypeOf<OptionalKeys<RedisSemaphoreOptions>>().toEqualTypeOf<'redisTimeout' | 'leaseMs'>();
    expectTypeOf<OptionalKeys<RedisRateLimitOptions>>().toEqualTypeOf<'redisTimeout' | 'minInterval'>();
  });

  it('a value computed as T | undefined can be passed straight through', () => {
    const pick = <T>(value: T): T | undefined => value;
    const redis = {} as RedisClient;
    const semaphore: RedisSemaphoreOptions = { redis, key: 'k', value: 1, leaseMs: pick(1000), redisTimeout: pick(100) };
    const limiter: RedisRateLimitOptions = { redis, key: 'k', maxCalls: 1, period: 1, minInterval: pick(0), redisTimeout: undefined };
    const acquire: RedisAcquireOptions = { signal: pick(AbortSignal.timeout(1)) };
    // @ts-expect-error value is required, and not undefined
    const noValue: RedisSemaphoreOptions = { redis, key: 'k', value: undefined };
    void [semaphore, limiter, acquire, noValue];
  });
});

describe.skipIf(!hasRedisServer)('an explicit undefined behaves as the option left out', () => {
  const fixture = useRedis();

  it('RedisSemaphore: leaseMs and redisTimeout undefined are the defaults; signal undefined waits without one', async () => {
    const key = freshKey();
    const semaphore = new RedisSemaphore({ redis: fixture.client(), key, value: 1, leaseMs: undefined, redisTimeout: undefined });
    const permit = await semaphore.acquire({ signal: undefined });
    // The keys expire a while after the default 30 s lease (twice it and a second at most).
    const ttl = await fixture.client().pttl(`aiox:{${key}}:sem:holders`);
    expect(ttl).toBeGreaterThan(30_000);
    expect(ttl).toBeLessThanOrEqual(2 * 30_000 + 1000);
    const many = semaphore.acquireMany(1, { signal: undefined });
    await permit.release();
    await (await many).release();
  });

  it('RedisRateLimiter: minInterval and redisTimeout undefined are the defaults', async () => {
    const key = freshKey();
    const limiter = new RedisRateLimiter({ redis: fixture.client(), key, maxCalls: 2, period: 60_000, minInterval: undefined, redisTimeout: undefined });
    await limiter.acquire({ signal: undefined });
    // minInterval 0: the second start is free at once.
    expect(await limiter.tryAcquire()).toBe(true);
    expect(await fixture.client().get(`aiox:{${key}}:rl:options`)).toBe('maxCalls 2, period 60000, minInterval 0');
  });
});
