// One behavioural suite for every rate limiter aiox has: the in-process
// RateLimiter and the RedisRateLimiter run these same tests on the real
// clock. Universal: it also runs in the browser, Deno and Bun.
import { describe, expect, it } from 'vitest';

export interface RateLimiterUnderTest {
  acquire(options?: { signal?: AbortSignal }): Promise<void>;
  tryAcquire(): Promise<boolean> | boolean;
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Promise<Awaited<R>>;
}

export interface RateLimiterBehaviourOptions {
  /** A fresh limiter with these options, sharing nothing with the others. */
  make(options: { maxCalls: number; period: number; minInterval?: number }): RateLimiterUnderTest;
  /** How late a start may be against the ideal schedule, in ms (timer and network delivery). */
  lateness: number;
}

// Starts measured against the clock may read a little early against a rule
// (a timer and the clock read are not one instant); the rule itself is exact.
const EARLY_SLACK_MS = 1;

export function rateLimiterBehaviour(name: string, options: RateLimiterBehaviourOptions): void {
  const { make, lateness } = options;

  describe(`${name}: the rate-limit behaviour every aiox rate limiter shares`, () => {
    it('starts calls made at once in arrival order, as early as the window and the spacing allow', async () => {
      // The SPEC's example at a fifth of the scale: 2 per 200 ms, 40 ms apart.
      const limiter = make({ maxCalls: 2, period: 200, minInterval: 40 });
      const t0 = performance.now();
      const order: number[] = [];
      const starts = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          limiter.acquire().then(() => {
            order.push(i);
            return performance.now() - t0;
          }),
        ),
      );
      expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      const ideal = [0, 40, 200, 240, 400, 440, 600, 640];
      starts.forEach((at, i) => {
        expect(at).toBeGreaterThanOrEqual((ideal[i] as number) - EARLY_SLACK_MS);
        expect(at).toBeLessThanOrEqual((ideal[i] as number) + lateness);
      });
    });

    it('an abort while waiting rejects with the reason and gives the slot back to later callers', async () => {
      const limiter = make({ maxCalls: 1, period: 300 });
      await limiter.acquire();
      const controller = new AbortController();
      const waiting = limiter.acquire({ signal: controller.signal });
      const reason = new Error('gave up');
      setTimeout(() => controller.abort(reason), 20);
      await expect(waiting).rejects.toBe(reason);
    });

    it('an already aborted signal rejects at once with its reason', async () => {
      const limiter = make({ maxCalls: 1, period: 1000 });
      const reason = new Error('cancelled before');
      await expect(async () => limiter.acquire({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      // It took no slot.
      expect(await limiter.tryAcquire()).toBe(true);
    });

    it('tryAcquire takes an open slot and never waits', async () => {
      const limiter = make({ maxCalls: 2, period: 1000 });
      expect(await limiter.tryAcquire()).toBe(true);
      expect(await limiter.tryAcquire()).toBe(true);
      expect(await limiter.tryAcquire()).toBe(false);
    });

    it('wrap passes this and arguments through, keeps name and length, and a throw still uses its slot', async () => {
      const limiter = make({ maxCalls: 2, period: 1000 });
      const box = {
        factor: 3,
        times: limiter.wrap(function times(this: { factor: number }, n: number) {
          return this.factor * n;
        }),
      };
      expect(box.times.name).toBe('times');
      expect(box.times.length).toBe(1);
      expect(await box.times(2)).toBe(6);
      const fails = limiter.wrap(() => {
        throw new Error('boom');
      });
      await expect(fails()).rejects.toThrow('boom');
      expect(await limiter.tryAcquire()).toBe(false);
      expect(() => limiter.wrap(42 as unknown as () => void)).toThrow(TypeError);
    });

    it('refuses bad options with errors naming them', () => {
      expect(() => make({ maxCalls: 0, period: 1000 })).toThrow(RangeError);
      expect(() => make({ maxCalls: 0, period: 1000 })).toThrow(/maxCalls/);
      expect(() => make({ maxCalls: 1, period: 0 })).toThrow(/period/);
      expect(() => make({ maxCalls: 1, period: 10, minInterval: -1 })).toThrow(/minInterval/);
      expect(() => make({ maxCalls: '1' as unknown as number, period: 10 })).toThrow(TypeError);
    });
  });
}
