import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { LeaseLostError, RedisOptionsMismatchError, RedisSemaphore, RedisUnavailableError } from './index';
import { freshKey, hasRedisServer, scriptCalls, useRedis } from './testing/redis';
import { waitFor } from './testing/wait-for';

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.skipIf(!hasRedisServer)('RedisSemaphore', () => {
  const fixture = useRedis();
  const keysOf = async (key: string) => (await fixture.keys()).filter((name) => name.includes(`{${key}}`));
  let reader: Redis | undefined;
  // How many wait in the semaphore's queue in Redis, asked on one client of the test.
  const queued = async (key: string, prefix = '') => {
    reader ??= fixture.client();
    return reader.zcard(`${prefix}aiox:{${key}}:sem:queue`);
  };
  afterEach(() => {
    reader = undefined;
  });

  describe('options', () => {
    it('refuses bad options with errors naming the option and the value', () => {
      const redis = fixture.client({ lazyConnect: true });
      const make = (options: unknown) => () => new RedisSemaphore(options as never);
      expect(make(undefined)).toThrow(TypeError);
      expect(make({ redis: {}, key: 'k', value: 1 })).toThrow(/redis must be an ioredis client/);
      expect(make({ redis: null, key: 'k', value: 1 })).toThrow(TypeError);
      expect(make({ redis, key: 1, value: 1 })).toThrow(/key must be a non-empty string \(received 1\)/);
      expect(make({ redis, key: '', value: 1 })).toThrow(RangeError);
      expect(make({ redis, key: 'k', value: 0 })).toThrow(/value must be an integer >= 1 \(received 0\)/);
      expect(make({ redis, key: 'k', value: 1.5 })).toThrow(RangeError);
      expect(make({ redis, key: 'k', value: '2' })).toThrow(TypeError);
      expect(make({ redis, key: 'k', value: 1, leaseMs: 50 })).toThrow(/leaseMs must be an integer >= 100 \(received 50\)/);
      expect(make({ redis, key: 'k', value: 1, redisTimeout: 0 })).toThrow(/redisTimeout/);
      expect(make({ redis, key: 'k', value: 1, redisTimeout: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    });

    it('refuses times above value in tryAcquire as acquireMany does: a rejected RangeError naming times and the value', async () => {
      const key = freshKey();
      const semaphore = new RedisSemaphore({ redis: fixture.client(), key, value: 2 });
      let call: Promise<unknown> | undefined;
      expect(() => {
        call = semaphore.tryAcquire(3);
      }).not.toThrow();
      const error = await call?.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toMatch(/times must be <= the semaphore's value, 2 \(received 3\)/);
      await expect(semaphore.acquireMany(3)).rejects.toThrow((error as Error).message);
      await expect(semaphore.tryAcquire(0)).rejects.toThrow(/times must be an integer >= 1 \(received 0\)/);
      // Up to value is still served.
      const both = await semaphore.tryAcquire(2);
      expect(both?.times).toBe(2);
      await both?.release();
      expect(await keysOf(key)).toEqual([]);
    });

    it('refuses a caller whose value differs from the live one, and takes the new value once the key is idle', async () => {
      const redis = fixture.client();
      const key = freshKey();
      const held = await new RedisSemaphore({ redis, key, value: 4 }).acquire();
      const other = new RedisSemaphore({ redis, key, value: 8 });
      const refused = await other.acquire().catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(RedisOptionsMismatchError);
      expect((refused as Error).message).toMatch(/live in Redis with value 4, and this one was made with value 8/);
      await held.release();
      const now = await other.acquireMany(8);
      await now.release();
    });
  });

  describe('what it leaves in Redis', () => {
    it('nothing once every permit is back', async () => {
      const redis = fixture.client();
      const key = freshKey();
      const semaphore = new RedisSemaphore({ redis, key, value: 2 });
      const first = await semaphore.acquire();
      const both = semaphore.acquireMany(2);
      const last = semaphore.acquire();
      await waitFor('both waiters queued', async () => (await queued(key)) === 2);
      expect(await keysOf(key)).toHaveLength(5);
      await first.release();
      await (await both).release();
      await (await last).release();
      expect(await keysOf(key)).toEqual([]);
    });

    it('nothing of an aborted waiter, by the time its call rejects', async () => {
      const redis = fixture.client();
      const key = freshKey();
      const semaphore = new RedisSemaphore({ redis, key, value: 1 });
      const held = await semaphore.acquire();
      const controller = new AbortController();
      const waiting = semaphore.acquire({ signal: controller.signal });
      const admin = fixture.client();
      await waitFor('the waiter queued', async () => (await queued(key)) === 1);
      controller.abort(new Error('stop'));
      await expect(waiting).rejects.toThrow('stop');
      expect(await admin.zcard(`aiox:{${key}}:sem:queue`)).toBe(0);
      expect(await admin.hlen(`aiox:{${key}}:sem:want`)).toBe(1); // the holder's entry only
      await held.release();
      expect(await keysOf(key)).toEqual([]);
    });

    it('keys that expire after the last lease, should every caller vanish', async () => {
      const redis = fixture.client();
      const key = freshKey();
      await new RedisSemaphore({ redis, key, value: 1, leaseMs: 2000 }).acquire();
      const ttl = await fixture.client().pttl(`aiox:{${key}}:sem:holders`);
      expect(ttl).toBeGreaterThan(0);
      // Twice the lease plus a second: the expiry moves only now and then (see lua/semaphore.ts).
      expect(ttl).toBeLessThanOrEqual(2 * 2000 + 1000);
    });
  });

  describe('leases', () => {
    it('are renewed while the holder lives: a permit held for 4 leases is still held', async () => {
      const redis = fixture.client();
      const key = freshKey();
      const semaphore = new RedisSemaphore({ redis, key, value: 1, leaseMs: 200 });
      const permit = await semaphore.acquire();
      await pause(800);
      expect(permit.signal.aborted).toBe(false);
      expect(await new RedisSemaphore({ redis: fixture.client(), key, value: 1 }).tryAcquire()).toBeUndefined();
      await permit.release();
    });

    it('a waiter that waited longer than its lease keeps the permit it is then granted (its lease counts from the grant)', async () => {
      const key = freshKey();
      const holder = await new RedisSemaphore({ redis: fixture.client(), key, value: 1, leaseMs: 300 }).acquire();
      const waiting = new RedisSemaphore({ redis: fixture.client(), key, value: 1, leaseMs: 300 }).acquire();
      await pause(700);
      await holder.release();
      const permit = await waiting;
      await pause(500);
      expect(permit.signal.aborted).toBe(false);
      await permit.release();
    });

    it('a lost lease aborts the permit signal with LeaseLostError, and its release is then harmless', async () => {
      const redis = fixture.client();
      const key = freshKey();
      const permit = await new RedisSemaphore({ redis, key, value: 1, leaseMs: 300 }).acquire();
      // What a Redis that lost its data looks like to the holder.
      await fixture.client().del(`aiox:{${key}}:sem:holders`);
      const started = performance.now();
      await new Promise((resolve) => permit.signal.addEventListener('abort', resolve, { once: true }));
      expect(performance.now() - started).toBeLessThan(1000);
      expect(permit.signal.reason).toBeInstanceOf(LeaseLostError);
      expect((permit.signal.reason as LeaseLostError).code).toBe('ERR_AIOX_LEASE_LOST');
      await permit.release();
      await permit.release();
    });

    it('a holder that stops renewing gives its permits back within leaseMs', async () => {
      const key = freshKey();
      const holder = fixture.client();
      await new RedisSemaphore({ redis: holder, key, value: 1, leaseMs: 400 }).acquire();
      // The holder's process "dies": its connection goes, nobody renews.
      holder.disconnect();
      const started = performance.now();
      const permit = await new RedisSemaphore({ redis: fixture.client(), key, value: 1, leaseMs: 400 }).acquire();
      const waited = performance.now() - started;
      expect(waited).toBeLessThan(400 + 300);
      await permit.release();
    });
  });

  describe('round trips and connections', () => {
    it('takes one script call to acquire and one to release when nobody waits', async () => {
      const redis = fixture.client();
      const semaphore = new RedisSemaphore({ redis, key: freshKey(), value: 1 });
      await (await semaphore.acquire()).release(); // loads the scripts
      const admin = fixture.client();
      const before = await scriptCalls(admin);
      for (let i = 0; i < 10; i += 1) await (await semaphore.acquire()).release();
      expect((await scriptCalls(admin)) - before).toBe(20);
    });

    it('opens one pub/sub connection while something waits, and closes it when nothing does', async () => {
      const redis = fixture.client();
      const admin = fixture.client();
      await admin.ping();
      await redis.ping();
      const clients = async () => String(await admin.client('LIST')).trim().split('\n').length;
      const idle = await clients();
      const key = freshKey();
      const semaphore = new RedisSemaphore({ redis, key, value: 1 });
      const held = await semaphore.acquire();
      const waiters = [semaphore.acquire(), semaphore.acquire(), semaphore.acquire()];
      await waitFor('the waiters queued', async () => (await admin.zcard(`aiox:{${key}}:sem:queue`)) === 3);
      // Subscribed by the time they are queued (or at once after): one connection, never two.
      await waitFor('the pub/sub connection is open', async () => (await clients()) > idle);
      expect(await clients()).toBe(idle + 1);
      await held.release();
      for (const waiter of waiters) await (await waiter).release();
      await waitFor('the pub/sub connection is closed', async () => (await clients()) === idle);
    });

    it('works through a client with a keyPrefix (keys and announcements alike)', async () => {
      const redis = fixture.client({ keyPrefix: 'app:' });
      const key = freshKey();
      const semaphore = new RedisSemaphore({ redis, key, value: 1, leaseMs: 30_000 });
      const held = await semaphore.acquire();
      const keys = await keysOf(key);
      expect(keys).toHaveLength(3); // meta, holders, want: nobody queued yet
      expect(keys.every((name) => name.startsWith('app:aiox:{'))).toBe(true);
      const waiting = semaphore.acquire();
      await waitFor('the waiter queued', async () => (await queued(key, 'app:')) === 1);
      const started = performance.now();
      await held.release();
      // Announced, not found by the third-of-a-lease re-check (10 s here).
      await (await waiting).release();
      expect(performance.now() - started).toBeLessThan(1000);
    });
  });

  it('a waiter queued while the pub/sub subscription is being replaced still hears its grant (9 loops on 8 permits once stalled 10 s)', async () => {
    // The subscription closed when the last local waiter left and a new one
    // opened for the next: a grant announced in between was lost, and its
    // waiter slept until the re-check a third of a lease later.
    const redis = fixture.client();
    const semaphore = new RedisSemaphore({ redis, key: freshKey(), value: 8 });
    let left = 400;
    let longest = 0;
    await Promise.all(
      Array.from({ length: 9 }, async () => {
        while (left > 0) {
          left -= 1;
          const asked = performance.now();
          const permit = await semaphore.acquire();
          longest = Math.max(longest, performance.now() - asked);
          await pause(1);
          await permit.release();
        }
      }),
    );
    expect(longest).toBeLessThan(3000);
  });

  it('a waiter whose client is closed under it rejects at once instead of sleeping to its re-check', async () => {
    const redis = fixture.client();
    const key = freshKey();
    const semaphore = new RedisSemaphore({ redis, key, value: 1 });
    await semaphore.acquire();
    const waiting = semaphore.acquire();
    await waitFor('the waiter queued', async () => (await queued(key)) === 1);
    const closed = performance.now();
    redis.disconnect();
    const error = await waiting.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect(performance.now() - closed).toBeLessThan(2000);
  });

  it('rejects within redisTimeout when Redis does not answer, and undoes the acquire that ran late', async () => {
    const key = freshKey();
    const other = await new RedisSemaphore({ redis: fixture.client(), key, value: 2 }).acquire();
    const redis = fixture.client();
    const semaphore = new RedisSemaphore({ redis, key, value: 2, redisTimeout: 300 });
    // Redis holds every client's commands for 1.2 s: the call is sent, and answered late.
    await fixture.client().client('PAUSE', 1200, 'ALL');
    const asked = performance.now();
    const error = await semaphore.acquire().catch((caught: unknown) => caught);
    expect(performance.now() - asked).toBeLessThan(300 + 700);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect((error as RedisUnavailableError).code).toBe('ERR_AIOX_REDIS_UNAVAILABLE');
    expect((error as Error).message).toMatch(/RedisSemaphore ".*" acquire: Redis at 127\.0\.0\.1:\d+ could not be reached \(no answer within 300 ms/);
    // Sent on the same connection after the late acquire and its undo, so
    // answered once the pause is over and Redis ran both.
    await redis.ping();
    // The permit went straight back (a permit held for nobody would stay for its lease, 30 s).
    const probe = await semaphore.tryAcquire();
    expect(probe).toBeDefined();
    await probe?.release();
    await other.release();
    expect(await keysOf(key)).toEqual([]);
  });

  it('await using releases at the end of the scope', async () => {
    const redis = fixture.client();
    const semaphore = new RedisSemaphore({ redis, key: freshKey(), value: 1 });
    {
      await using permit = await semaphore.acquire();
      expect(permit.times).toBe(1);
      expect(await semaphore.tryAcquire()).toBeUndefined();
    }
    const again = await semaphore.tryAcquire();
    expect(again).toBeDefined();
    await again?.release();
  });
});
