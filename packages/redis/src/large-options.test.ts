// Options at the edge of what timers and the scripts can hold: a timer
// longer than setTimeout's 2^31-1 ms fires after 1 ms instead (Node's
// TimeoutOverflowWarning), and Lua writes an integer of 1e14 or more with an
// exponent ("1e+14") that the scripts then cannot read back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisRateLimiter, RedisSemaphore } from './index';
import { freshKey, hasRedisServer, scriptCalls, useRedis } from './testing/redis';
import { waitFor } from './testing/wait-for';

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.skipIf(!hasRedisServer)('large options', () => {
  const fixture = useRedis();
  const keysOf = async (key: string) => (await fixture.keys()).filter((name) => name.includes(`{${key}}`));

  // Every timer armed past 2^31-1 ms is one warning (and one 1 ms spin).
  let overflows = 0;
  const onWarning = (warning: Error) => {
    if (warning.name === 'TimeoutOverflowWarning') overflows += 1;
  };
  beforeEach(() => {
    overflows = 0;
    process.on('warning', onWarning);
  });
  afterEach(() => {
    process.off('warning', onWarning);
  });

  describe('timers never overflow (a long wait re-arms in steps of at most 2^31-1 ms)', () => {
    it('RedisSemaphore: holding a permit with leaseMs 1e10 for a second takes a handful of script calls', async () => {
      const admin = fixture.client();
      const semaphore = new RedisSemaphore({ redis: fixture.client(), key: freshKey(), value: 1, leaseMs: 1e10 });
      await (await semaphore.acquire()).release(); // loads the scripts
      const before = await scriptCalls(admin);
      const permit = await semaphore.acquire();
      await pause(1000);
      expect(permit.signal.aborted).toBe(false);
      await permit.release();
      // acquire and release, and the INFO call itself is not a script
      expect((await scriptCalls(admin)) - before).toBeLessThanOrEqual(4);
      expect(overflows).toBe(0);
    });

    it('RedisSemaphore: a waiter with leaseMs 1e10 waits without spinning, and is granted', async () => {
      const admin = fixture.client();
      const key = freshKey();
      const semaphore = new RedisSemaphore({ redis: fixture.client(), key, value: 1, leaseMs: 1e10 });
      const held = await semaphore.acquire();
      const before = await scriptCalls(admin);
      const waiting = semaphore.acquire();
      await waitFor('the waiter is queued', async () => (await admin.zcard(`aiox:{${key}}:sem:queue`)) === 1);
      await pause(500);
      await held.release();
      await (await waiting).release();
      // acquire, a re-check once subscribed, release, grant's release
      expect((await scriptCalls(admin)) - before).toBeLessThanOrEqual(8);
      expect(overflows).toBe(0);
    });

    it('RedisRateLimiter: a wait on a period above 24.8 days sleeps without spinning, and aborts cleanly', async () => {
      const key = freshKey();
      const limiter = new RedisRateLimiter({ redis: fixture.client(), key, maxCalls: 1, period: 3e9 });
      expect(await limiter.tryAcquire()).toBe(true);
      const controller = new AbortController();
      const waiting = limiter.acquire({ signal: controller.signal });
      await waitFor('the caller sleeps until its slot', () => limiter.waiting === 1);
      await pause(300);
      controller.abort(new Error('not in 35 days'));
      await expect(waiting).rejects.toThrow('not in 35 days');
      expect(overflows).toBe(0);
      await fixture.client().del(...(await keysOf(key)));
    });
  });

  describe('bounds: what the scripts represent exactly, refused beyond with the option named', () => {
    it('refuses values the scripts cannot hold', () => {
      const redis = fixture.client({ lazyConnect: true });
      const semaphore = (options: object) => () => new RedisSemaphore({ redis, key: 'k', value: 1, ...options });
      const limiter = (options: object) => () => new RedisRateLimiter({ redis, key: 'k', maxCalls: 1, period: 1000, ...options });
      expect(semaphore({ value: 1e14 })).toThrow(RangeError);
      expect(semaphore({ value: 1e14 })).toThrow(/value must be <= 99999999999999 .*\(received 100000000000000\)/);
      expect(semaphore({ leaseMs: 1e14 })).toThrow(/leaseMs must be <= 99999999999999 .*\(received 100000000000000\)/);
      expect(semaphore({ redisTimeout: 2 ** 31 })).toThrow(/redisTimeout must be <= 2147483647 .*\(received 2147483648\)/);
      expect(limiter({ maxCalls: 1e14 })).toThrow(/maxCalls must be <= 99999999999999 .*\(received 100000000000000\)/);
      expect(limiter({ period: 1e12 + 1 })).toThrow(/period must be <= 1000000000000 .*\(received 1000000000001\)/);
      expect(limiter({ minInterval: 1e12 + 1 })).toThrow(/minInterval must be <= 1000000000000 .*\(received 1000000000001\)/);
      expect(limiter({ redisTimeout: 1e10 })).toThrow(/redisTimeout must be <= 2147483647 .*\(received 10000000000\)/);
    });

    it('RedisSemaphore: the largest value and leaseMs work end to end', async () => {
      const key = freshKey();
      const value = 99_999_999_999_999;
      const semaphore = new RedisSemaphore({ redis: fixture.client(), key, value, leaseMs: 99_999_999_999_999, redisTimeout: 2 ** 31 - 1 });
      const all = await semaphore.acquireMany(value);
      expect(await semaphore.tryAcquire()).toBeUndefined();
      await all.release();
      const again = await semaphore.tryAcquire(value);
      expect(again?.times).toBe(value);
      const waiting = semaphore.acquire();
      await again?.release();
      await (await waiting).release();
      expect(await keysOf(key)).toEqual([]);
      expect(overflows).toBe(0);
    });

    it('RedisRateLimiter: the largest maxCalls, period and minInterval work end to end', async () => {
      const key = freshKey();
      const limiter = new RedisRateLimiter({ redis: fixture.client(), key, maxCalls: 99_999_999_999_999, period: 1e12, minInterval: 1e12, redisTimeout: 2 ** 31 - 1 });
      await limiter.acquire();
      expect(await limiter.tryAcquire()).toBe(false);
      const controller = new AbortController();
      const waiting = limiter.acquire({ signal: controller.signal });
      await waitFor('the caller sleeps until its slot', () => limiter.waiting === 1);
      controller.abort(new Error('not in 31 years'));
      await expect(waiting).rejects.toThrow('not in 31 years');
      const admin = fixture.client();
      expect(await admin.zcard(`aiox:{${key}}:rl`)).toBe(1);
      // The keys live a period (and a second) past the start the window keeps.
      expect(await admin.pttl(`aiox:{${key}}:rl`)).toBeGreaterThan(1e12 - 60_000);
      expect(overflows).toBe(0);
      await admin.del(...(await keysOf(key)));
    });
  });
});
