import { describe, expect, it } from 'vitest';
import { RedisRateLimiter, RedisSemaphore } from './index';
import { freshKey, hasRedisServer, useRedis } from './testing/redis';

describe.skipIf(!hasRedisServer)('smoke', () => {
  const fixture = useRedis();
  it('semaphore', async () => {
    const redis = fixture.client();
    const key = freshKey();
    const sem = new RedisSemaphore({ redis, key, value: 2 });
    const a = await sem.acquire();
    const b = await sem.acquire();
    const c = sem.acquire();
    const d = sem.acquireMany(2);
    await new Promise((r) => setTimeout(r, 50));
    await a.release();
    const cp = await c;
    await b.release();
    await cp.release();
    const dp = await d;
    expect(dp.times).toBe(2);
    await dp.release();
    expect(await fixture.keys()).toEqual([]);
  });
  it('rate limiter', async () => {
    const redis = fixture.client();
    const limiter = new RedisRateLimiter({ redis, key: freshKey(), maxCalls: 2, period: 300, minInterval: 50 });
    const t0 = performance.now();
    const times = await Promise.all(Array.from({ length: 6 }, () => limiter.acquire().then(() => performance.now() - t0)));
    console.log(times.map((t) => t.toFixed(1)));
  });
});
