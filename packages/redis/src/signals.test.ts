// How the Redis limits treat the signals they are given: a signal whose own
// code throws leaves nothing behind (no queue entry, no reservation), and
// waiters that share one signal add one abort listener to it, not one each.
import { getEventListeners } from 'node:events';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RedisRateLimiter, RedisSemaphore, RedisUnavailableError } from './index';
import { freshKey, hasRedisServer, useRedis } from './testing/redis';
import { waitFor } from './testing/wait-for';

/** Flips to true once `redis` has had an answer to a script call: a call's effect is in Redis from then on. */
function answered(redis: Redis): { readonly yes: boolean } {
  const state = { yes: false };
  const evalsha = redis.evalsha.bind(redis);
  const evaluate = redis.eval.bind(redis);
  const mark = (answer: unknown) => {
    state.yes = true;
    return answer;
  };
  redis.evalsha = ((...args: Parameters<typeof evalsha>) => evalsha(...args).then(mark)) as typeof redis.evalsha;
  redis.eval = ((...args: Parameters<typeof evaluate>) => evaluate(...args).then(mark)) as typeof redis.eval;
  return state;
}

type Fault = 'addEventListener throws' | 'aborted throws once Redis answered';

/** A signal-like object (accepted by shape, as every aiox limit accepts one) whose own code fails. */
function brokenSignal(fault: Fault, redis: Redis): AbortSignal {
  const real = new AbortController().signal;
  const reply = answered(redis);
  return {
    get aborted() {
      if (fault === 'aborted throws once Redis answered' && reply.yes) throw new Error('aborted getter broke');
      return false;
    },
    reason: undefined,
    onabort: null,
    throwIfAborted() {},
    addEventListener(...args: Parameters<AbortSignal['addEventListener']>) {
      if (fault === 'addEventListener throws') throw new Error('addEventListener broke');
      real.addEventListener(...args);
    },
    removeEventListener(...args: Parameters<AbortSignal['removeEventListener']>) {
      real.removeEventListener(...args);
    },
    dispatchEvent: (event: Event) => real.dispatchEvent(event),
  } as AbortSignal;
}

/** `start()` returns a promise that rejects with `error`, and never throws synchronously. */
async function rejectsWithoutThrowing(start: () => Promise<unknown>, error: RegExp): Promise<void> {
  let call: Promise<unknown> | undefined;
  expect(() => {
    call = start();
  }).not.toThrow();
  await expect(call).rejects.toThrow(error);
}

const faults: Fault[] = ['addEventListener throws', 'aborted throws once Redis answered'];
const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

describe.skipIf(!hasRedisServer)('signals', () => {
  const fixture = useRedis();
  const admin = () => fixture.client();

  describe.each(faults)('a signal whose %s', (fault) => {
    it('RedisSemaphore with no free permit: the call rejects (never throws), nothing of it stays queued, the next waiter is served', async () => {
      const redis = fixture.client();
      const key = freshKey();
      const semaphore = new RedisSemaphore({ redis, key, value: 1 });
      const held = await semaphore.acquire();
      const signal = brokenSignal(fault, redis);
      await rejectsWithoutThrowing(() => semaphore.acquire({ signal }), /broke/);
      // By the time it rejected, Redis had nothing of it: the holder's entry only.
      const redisAdmin = admin();
      expect(await redisAdmin.zcard(`aiox:{${key}}:sem:queue`)).toBe(0);
      expect(await redisAdmin.zcard(`aiox:{${key}}:sem:wait`)).toBe(0);
      expect(await redisAdmin.hlen(`aiox:{${key}}:sem:want`)).toBe(1);
      // A later waiter is next in line: the release hands the permit to it, not to a ghost.
      const next = semaphore.acquire({ signal: AbortSignal.timeout(5000) });
      await waitFor('the next waiter is queued', async () => (await redisAdmin.zcard(`aiox:{${key}}:sem:queue`)) === 1);
      await held.release();
      await (await next).release();
      expect((await fixture.keys()).filter((name) => name.includes(`{${key}}`))).toEqual([]);
    });

    it('RedisRateLimiter with no free slot: the call rejects (never throws) and its reservation is taken back', async () => {
      const redis = fixture.client();
      const key = freshKey();
      const limiter = new RedisRateLimiter({ redis, key, maxCalls: 1, period: 60_000 });
      expect(await limiter.tryAcquire()).toBe(true);
      const signal = brokenSignal(fault, redis);
      await rejectsWithoutThrowing(() => limiter.acquire({ signal }), /broke/);
      expect(limiter.waiting).toBe(0);
      // The start that used the slot, and no reservation for the failed call.
      expect(await admin().zcard(`aiox:{${key}}:rl`)).toBe(1);
    });
  });

  it('RedisRateLimiter: a later caller gets the slot the failed call had reserved', async () => {
    const redis = fixture.client();
    const key = freshKey();
    const limiter = new RedisRateLimiter({ redis, key, maxCalls: 1, period: 300 });
    expect(await limiter.tryAcquire()).toBe(true);
    await expect(limiter.acquire({ signal: brokenSignal('addEventListener throws', redis) })).rejects.toThrow(/broke/);
    const scores = async () => (await admin().zrange(`aiox:{${key}}:rl`, '0', '-1', 'WITHSCORES')).filter((_, index) => index % 2 === 1).map(Number);
    const [first] = await scores();
    const later = limiter.acquire();
    await waitFor('the later caller reserved', async () => (await scores()).length === 2);
    // One period after the first start: the slot the failed call gave back, not the one after it.
    const [, second] = await scores();
    expect((second ?? 0) - (first ?? 0)).toBeCloseTo(300, 0);
    await later;
  });

  it('RedisSemaphore: a wait whose pub/sub connection cannot be made rejects, leaving nothing queued and no listener', async () => {
    const key = freshKey();
    const redis = fixture.client();
    const semaphore = new RedisSemaphore({ redis, key, value: 1 });
    const held = await semaphore.acquire();
    redis.duplicate = () => {
      throw new Error('no second connection');
    };
    const signal = new AbortController().signal;
    await rejectsWithoutThrowing(() => semaphore.acquire({ signal }), /no second connection/);
    expect(listeners(signal)).toBe(0);
    expect(await admin().zcard(`aiox:{${key}}:sem:queue`)).toBe(0);
    await held.release();
  });

  describe('one abort listener per signal', () => {
    it('RedisSemaphore: 15 waiters sharing a signal add one listener, and none is left once they are served', async () => {
      const key = freshKey();
      const semaphore = new RedisSemaphore({ redis: fixture.client(), key, value: 1 });
      const held = await semaphore.acquire();
      const signal = new AbortController().signal;
      const waiters = Array.from({ length: 15 }, () => semaphore.acquire({ signal }));
      await waitFor('15 waiters queued', async () => (await admin().zcard(`aiox:{${key}}:sem:queue`)) === 15);
      expect(listeners(signal)).toBe(1);
      await held.release();
      for (const waiter of waiters) await (await waiter).release();
      expect(listeners(signal)).toBe(0);
    });

    it('RedisSemaphore: none is left once they are aborted', async () => {
      const key = freshKey();
      const semaphore = new RedisSemaphore({ redis: fixture.client(), key, value: 1 });
      const held = await semaphore.acquire();
      const controller = new AbortController();
      const waiters = Array.from({ length: 15 }, () => semaphore.acquire({ signal: controller.signal }));
      await waitFor('15 waiters queued', async () => (await admin().zcard(`aiox:{${key}}:sem:queue`)) === 15);
      expect(listeners(controller.signal)).toBe(1);
      controller.abort(new Error('enough'));
      const results = await Promise.allSettled(waiters);
      expect(results.every((result) => result.status === 'rejected' && (result.reason as Error).message === 'enough')).toBe(true);
      expect(listeners(controller.signal)).toBe(0);
      expect(await admin().zcard(`aiox:{${key}}:sem:queue`)).toBe(0);
      await held.release();
    });

    it('RedisSemaphore: none is left once they are rejected (their client closed under them)', async () => {
      const key = freshKey();
      const redis = fixture.client();
      const semaphore = new RedisSemaphore({ redis, key, value: 1 });
      await semaphore.acquire();
      const signal = new AbortController().signal;
      const waiters = Array.from({ length: 15 }, () => semaphore.acquire({ signal }));
      await waitFor('15 waiters queued', async () => (await admin().zcard(`aiox:{${key}}:sem:queue`)) === 15);
      expect(listeners(signal)).toBe(1);
      redis.disconnect();
      const results = await Promise.allSettled(waiters);
      expect(results.every((result) => result.status === 'rejected' && result.reason instanceof RedisUnavailableError)).toBe(true);
      expect(listeners(signal)).toBe(0);
    });

    it('RedisRateLimiter: 15 waiters sharing a signal add one listener, and none is left once they start', async () => {
      const limiter = new RedisRateLimiter({ redis: fixture.client(), key: freshKey(), maxCalls: 1, period: 20 });
      const signal = new AbortController().signal;
      const waiters = Array.from({ length: 15 }, () => limiter.acquire({ signal }));
      await waitFor('14 callers sleeping until their slot', () => limiter.waiting === 14);
      expect(listeners(signal)).toBe(1);
      await Promise.all(waiters);
      expect(listeners(signal)).toBe(0);
    });

    it('RedisRateLimiter: none is left once they are aborted or rejected', async () => {
      const key = freshKey();
      const limiter = new RedisRateLimiter({ redis: fixture.client(), key, maxCalls: 1, period: 60_000 });
      const controller = new AbortController();
      const waiters = Array.from({ length: 15 }, () => limiter.acquire({ signal: controller.signal }));
      await waitFor('14 callers sleeping until their slot', () => limiter.waiting === 14);
      expect(listeners(controller.signal)).toBe(1);
      controller.abort(new Error('enough'));
      const results = await Promise.allSettled(waiters);
      expect(results.filter((result) => result.status === 'rejected')).toHaveLength(14);
      expect(listeners(controller.signal)).toBe(0);
      expect(await admin().zcard(`aiox:{${key}}:rl`)).toBe(1);
      // Rejected by Redis itself (its client is closed): no listener either.
      const closed = fixture.client();
      closed.disconnect();
      const gone = new RedisRateLimiter({ redis: closed, key, maxCalls: 1, period: 60_000, redisTimeout: 500 });
      const signal = new AbortController().signal;
      const failed = await Promise.allSettled(Array.from({ length: 15 }, () => gone.acquire({ signal })));
      expect(failed.every((result) => result.status === 'rejected' && result.reason instanceof RedisUnavailableError)).toBe(true);
      expect(listeners(signal)).toBe(0);
    });
  });
});
