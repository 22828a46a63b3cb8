import { describe, expect, it } from 'vitest';
import { RedisOptionsMismatchError, RedisRateLimiter, RedisUnavailableError } from './index';
import { freshKey, hasRedisServer, scriptCalls, useRedis } from './testing/redis';
import { waitFor } from './testing/wait-for';

describe.skipIf(!hasRedisServer)('RedisRateLimiter', () => {
  const fixture = useRedis();
  const keysOf = async (key: string) => (await fixture.keys()).filter((name) => name.includes(`{${key}}`));

  it('refuses bad options with errors naming the option and the value', () => {
    const redis = fixture.client({ lazyConnect: true });
    const make = (options: unknown) => () => new RedisRateLimiter(options as never);
    expect(make({ key: 'k', maxCalls: 1, period: 1 })).toThrow(/redis must be an ioredis client \(new Redis\(…\)\) \(received undefined\)/);
    expect(make({ redis, key: null, maxCalls: 1, period: 1 })).toThrow(TypeError);
    expect(make({ redis, key: 'k', maxCalls: 0, period: 1 })).toThrow(/maxCalls must be an integer >= 1 \(received 0\)/);
    expect(make({ redis, key: 'k', maxCalls: 1, period: -1 })).toThrow(RangeError);
    expect(make({ redis, key: 'k', maxCalls: 1, period: 1, minInterval: '5' })).toThrow(TypeError);
    expect(make({ redis, key: 'k', maxCalls: 1, period: 1, redisTimeout: -5 })).toThrow(/redisTimeout must be a finite number > 0 \(received -5\)/);
  });

  it('rejects a bad signal option with TypeError', async () => {
    const limiter = new RedisRateLimiter({ redis: fixture.client(), key: freshKey(), maxCalls: 1, period: 100 });
    await expect(limiter.acquire({ signal: 'soon' as unknown as AbortSignal })).rejects.toThrow(/signal must be an AbortSignal/);
  });

  it('shares one budget between limiters on different clients that name the same key', async () => {
    const key = freshKey();
    const options = { key, maxCalls: 3, period: 400 };
    const a = new RedisRateLimiter({ redis: fixture.client(), ...options });
    const b = new RedisRateLimiter({ redis: fixture.client(), ...options });
    const t0 = performance.now();
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(true);
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    await b.acquire();
    // The window opens 400 ms after the first start, which came after t0.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(400);
  });

  it('refuses a caller whose options differ from the live ones, and takes new ones once the window is empty', async () => {
    const key = freshKey();
    await new RedisRateLimiter({ redis: fixture.client(), key, maxCalls: 2, period: 100 }).acquire();
    const other = new RedisRateLimiter({ redis: fixture.client(), key, maxCalls: 5, period: 100 });
    const refused = await other.acquire().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RedisOptionsMismatchError);
    expect((refused as Error).message).toMatch(/live in Redis with maxCalls 2, period 100, minInterval 0, and this one was made with maxCalls 5/);
    // The options live as long as a start is inside the window, plus a second.
    expect(await keysOf(key)).toHaveLength(2);
    await waitFor('the options expired with the window', async () => (await keysOf(key)).length === 0);
    await other.acquire();
  });

  it('an aborted wait leaves nothing in Redis by the time it rejects', async () => {
    const key = freshKey();
    const limiter = new RedisRateLimiter({ redis: fixture.client(), key, maxCalls: 1, period: 60_000 });
    // A first start that the window keeps, then one that has to wait a minute.
    expect(await limiter.tryAcquire()).toBe(true);
    const admin = fixture.client();
    const controller = new AbortController();
    const waiting = limiter.acquire({ signal: controller.signal });
    await waitFor('the caller sleeps until its slot', () => limiter.waiting === 1);
    expect(await admin.zcard(`aiox:{${key}}:rl`)).toBe(2);
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    expect(limiter.waiting).toBe(0);
    expect(await admin.zcard(`aiox:{${key}}:rl`)).toBe(1);
  });

  it('after an abort, its keys expire with the start the window keeps, not with the cancelled one', async () => {
    const key = freshKey();
    const limiter = new RedisRateLimiter({ redis: fixture.client(), key, maxCalls: 1, period: 60_000, minInterval: 0 });
    const admin = fixture.client();
    const controller = new AbortController();
    await limiter.acquire(); // the start the window keeps
    const waiting = limiter.acquire({ signal: controller.signal });
    await waitFor('the caller sleeps until its slot', () => limiter.waiting === 1);
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    // The used start stays (it is the window), and the keys expire with it: in 61 s, not in 121.
    const ttl = await admin.pttl(`aiox:{${key}}:rl`);
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(61_000);
    expect(await keysOf(key)).toHaveLength(2);
  });

  it('takes one script call per acquire that does not wait, two per acquire that waits (reserve, then confirm its start)', async () => {
    const limiter = new RedisRateLimiter({ redis: fixture.client(), key: freshKey(), maxCalls: 5, period: 60_000 });
    const spaced = new RedisRateLimiter({ redis: fixture.client(), key: freshKey(), maxCalls: 1, period: 30 });
    const admin = fixture.client();
    const warm = new RedisRateLimiter({ redis: fixture.client(), key: freshKey(), maxCalls: 1, period: 20 });
    await warm.acquire();
    await warm.acquire(); // loads the scripts, the confirmation's too
    const before = await scriptCalls(admin);
    for (let i = 0; i < 5; i += 1) await limiter.acquire();
    expect((await scriptCalls(admin)) - before).toBe(5);
    expect(await limiter.tryAcquire()).toBe(false);
    expect((await scriptCalls(admin)) - before).toBe(6);
    // One at a time, each but the first waits for the window; nobody else starts meanwhile, so none is moved.
    for (let i = 0; i < 5; i += 1) await spaced.acquire();
    expect((await scriptCalls(admin)) - before).toBe(6 + 1 + 4 * 2);
  });

  it('rejects within redisTimeout when Redis does not answer, and cancels the reservation that ran late', async () => {
    const key = freshKey();
    const redis = fixture.client();
    const limiter = new RedisRateLimiter({ redis, key, maxCalls: 1, period: 60_000, redisTimeout: 300 });
    await fixture.client().client('PAUSE', 1200, 'ALL');
    const asked = performance.now();
    const error = await limiter.acquire().catch((caught: unknown) => caught);
    expect(performance.now() - asked).toBeLessThan(300 + 700);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    // Sent on the same connection after the late reservation and its cancel,
    // so answered once the pause is over and Redis ran both.
    await redis.ping();
    // The window is free (else for a minute).
    expect(await limiter.tryAcquire()).toBe(true);
    expect(await fixture.client().zcard(`aiox:{${key}}:rl`)).toBe(1);
  });

  it('a waiter that wakes very late keeps its start in the window for a whole period (its keys live that long)', async () => {
    const key = freshKey();
    const limiter = new RedisRateLimiter({ redis: fixture.client(), key, maxCalls: 1, period: 2000 });
    await limiter.acquire();
    const waiting = limiter.acquire();
    await waitFor('the caller sleeps until its slot', () => limiter.waiting === 1);
    // The event loop is busy well past the slot (2 s from the first start): the waiter starts 1.5 s late.
    const busyUntil = performance.now() + 3500;
    while (performance.now() < busyUntil);
    await waiting;
    const started = performance.now();
    // That start counts for a period from when it was made, whatever its reservation said.
    const ttl = await fixture.client().pttl(`aiox:{${key}}:rl`);
    expect(ttl).toBeGreaterThan(2000 - (performance.now() - started));
    expect(await limiter.tryAcquire()).toBe(false);
  });

  it('keeps no timer while nothing waits', async () => {
    const limiter = new RedisRateLimiter({ redis: fixture.client(), key: freshKey(), maxCalls: 1, period: 50 });
    await limiter.acquire();
    await limiter.acquire();
    const timers = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    await limiter.acquire();
    expect(process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length).toBeLessThanOrEqual(timers);
  });
});
