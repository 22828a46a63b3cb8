// One behavioural suite for every rate limiter aiox has: the in-process
// RateLimiter and the RedisRateLimiter run these same tests on the real
// clock. Universal: it also runs in the browser, Deno and Bun.
import { describe, expect, it } from 'vitest';
import { abortListeners, abortManyWaitsOnOneSignal } from './abort-listeners';
import { callAsync, faultySignal, SIGNAL_FAULTS } from './faulty-signal';
import { reaches, track } from './track';

export interface RateLimiterUnderTest {
  acquire(options?: { signal?: AbortSignal | undefined }): Promise<void>;
  tryAcquire(): Promise<boolean> | boolean;
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Promise<Awaited<R>>;
}

export interface RateLimiterBehaviourOptions {
  /** A fresh limiter with these options, sharing nothing with the others. */
  make(options: { maxCalls: number; period: number; minInterval?: number }): RateLimiterUnderTest;
  /**
   * Waits as long as the limiter may take to act on a call (a few
   * microtasks in process; round trips for Redis). The suite awaits what must
   * happen as a condition with a deadline; it uses this only before checking
   * that something did NOT happen (a call still waiting, no extra listener).
   */
  reactionTime(): Promise<void>;
  /**
   * Whether calls already waiting keep the start they were given when one
   * ahead of them aborts: RedisRateLimiter reserves each start as the call
   * arrives, and moving the later reservations up would cost every waiter a
   * round trip, so the aborted call's slot goes unused and the call behind it
   * starts two periods in rather than one (documented). Default: they move up.
   */
  waitersKeepReservedStarts?: boolean;
}

// Starts measured against the clock may read a little early against a rule
// (a timer and the clock read are not one instant); the rule itself is exact.
const EARLY_SLACK_MS = 1;

/**
 * How much later than the schedule a start may come, as a ratio of the
 * later of two times (both counted from the first start): when the rules
 * allow it given the starts that really happened before it (one late start
 * rightly delays those the window ties to it), and when a plain timer armed
 * side by side for its ideal moment fired (a stalled loop delays both alike).
 * A limiter off by a rule, or 60 ms late at each step, is far past this.
 */
const LATENESS_RATIO = 1.2;

/** When plain timers armed now for each of `delays` (ms) fire, in ms from `t0`. */
function referenceTimers(delays: readonly number[], t0: number): Promise<number[]> {
  return Promise.all(
    delays.map((delay) => new Promise<number>((resolve) => setTimeout(() => resolve(performance.now() - t0), delay))),
  );
}

/**
 * Arms a plain timer for `period` now, and resolves with when `start` came,
 * as a ratio of when that timer fired: about 1 for a start due one period
 * from now, whatever the load (both are late alike), 2 for one due two.
 */
function periodsUntil(start: Promise<unknown>, period: number): Promise<number> {
  const t0 = performance.now();
  return Promise.all([start.then(() => performance.now() - t0), referenceTimers([period], t0)]).then(
    ([startedAt, [timerAt]]) => startedAt / (timerAt as number),
  );
}

export function rateLimiterBehaviour(name: string, options: RateLimiterBehaviourOptions): void {
  const { make, reactionTime } = options;

  describe(`${name}: the rate-limit behaviour every aiox rate limiter shares`, () => {
    it('starts calls made at once in arrival order, as early as the window and the spacing allow', async () => {
      // The SPEC's example at a fifth of the scale: 2 per 200 ms, 40 ms apart.
      const limiter = make({ maxCalls: 2, period: 200, minInterval: 40 });
      const ideal = [0, 40, 200, 240, 400, 440, 600, 640];
      const order: number[] = [];
      // The schedule counts from the first start (a Redis limiter's first
      // round trip comes before it), and so do the plain timers beside it.
      let reference: Promise<number[]> | undefined;
      let first = 0;
      const t0 = performance.now();
      const starts = await Promise.all(
        ideal.map((_, i) =>
          limiter.acquire().then(() => {
            order.push(i);
            const now = performance.now();
            if (i === 0) {
              first = now;
              reference = referenceTimers(ideal, first);
            }
            return now;
          }),
        ),
      );
      expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      if (reference === undefined) throw new Error('the first call never started');
      const plain = await reference;
      const afterFirst = starts.map((at) => at - first);
      const seen = `starts ${afterFirst.map(Math.round).join(', ')} ms after the first; plain timers ${plain.map(Math.round).join(', ')} ms`;
      starts.forEach((at, i) => {
        // Never before the rules allow. Counted from before the calls: a
        // start is seen when its grant arrives, never before it happened.
        expect(at - t0, seen).toBeGreaterThanOrEqual((ideal[i] as number) - EARLY_SLACK_MS);
        // And as early as they allow: the first two inside the first window,
        // the others about when the rules or a plain timer would have them.
        const late = afterFirst[i] as number;
        if (i < 2) {
          expect(late, seen).toBeLessThan(200);
          return;
        }
        const allowed = Math.max((afterFirst[i - 1] as number) + 40, (afterFirst[i - 2] as number) + 200);
        expect(late / Math.max(allowed, plain[i] as number), seen).toBeLessThanOrEqual(LATENESS_RATIO);
      });
    });

    const afterAbort = options.waitersKeepReservedStarts === true ? 'the calls behind keep their reserved starts' : 'gives the slot back to later callers';
    it(`an abort while waiting rejects with the reason and ${afterAbort}`, async () => {
      const period = 300;
      const limiter = make({ maxCalls: 1, period });
      await limiter.acquire();
      const controller = new AbortController();
      const aborted = track(limiter.acquire({ signal: controller.signal }));
      const behind = track(periodsUntil(limiter.acquire(), period));
      // Late in the period: a limiter that let the aborted call keep a slot,
      // counted from its start or from its abort, makes the next one wait
      // far past one period.
      await new Promise((resolve) => setTimeout(resolve, period * 0.6));
      const reason = new Error('gave up');
      controller.abort(reason);
      await reaches(aborted, 'rejected');
      expect(aborted.reason).toBe(reason);
      // The aborted call never started, so the next one takes the slot the
      // first start frees, one period in; had the aborted call used a slot,
      // it would wait two.
      await reaches(behind, 'fulfilled');
      // Counted from just after the first start (the first test holds starts
      // to the rules exactly): about one period, well short of 1.6; or, where
      // waiters keep their reserved starts, the two periods it was given.
      const periods = behind.value as number;
      if (options.waitersKeepReservedStarts === true) {
        expect(periods).toBeGreaterThan(1.7);
        expect(periods).toBeLessThan(2.3);
      } else {
        expect(periods).toBeGreaterThan(0.5);
        expect(periods).toBeLessThan(1.3);
      }
    });

    it('an already aborted signal rejects at once with its reason', async () => {
      const limiter = make({ maxCalls: 1, period: 1000 });
      const reason = new Error('cancelled before');
      await expect(callAsync(() => limiter.acquire({ signal: AbortSignal.abort(reason) }))).rejects.toBe(reason);
      // It took no slot.
      expect(await limiter.tryAcquire()).toBe(true);
    });

    it('accepts signal: undefined as no signal', async () => {
      const limiter = make({ maxCalls: 1, period: 1000 });
      await limiter.acquire({ signal: undefined });
      expect(await limiter.tryAcquire()).toBe(false);
    });

    it.each(SIGNAL_FAULTS)('a signal whose %s throws rejects the call with that error and queues nothing', async (fault) => {
      const period = 300;
      const limiter = make({ maxCalls: 1, period });
      await limiter.acquire();
      const error = new Error(`${fault} failed`);
      await expect(callAsync(() => limiter.acquire({ signal: faultySignal(fault, error) }))).rejects.toBe(error);
      // Left queued, a ghost waiter would take the slot one period in, and
      // the next real caller would wait two.
      expect(await periodsUntil(limiter.acquire(), period)).toBeLessThan(1.3);
    });

    it('many waiters on one signal add one abort listener, and none is left once they are served', async () => {
      const limiter = make({ maxCalls: 1, period: 50 });
      await limiter.acquire();
      const { signal } = new AbortController();
      const waiters = Array.from({ length: 4 }, () => track(limiter.acquire({ signal })));
      await reactionTime();
      expect(abortListeners(signal)).toBe(1);
      for (const waiter of waiters) await reaches(waiter, 'fulfilled');
      expect(abortListeners(signal)).toBe(0);
    });

    it('many waiters on one signal add one abort listener, and none is left once they are aborted', async () => {
      const limiter = make({ maxCalls: 1, period: 10_000 });
      await limiter.acquire();
      await abortManyWaitsOnOneSignal((signal) => limiter.acquire({ signal }), reactionTime);
    });

    it('a call rejected before it waits leaves no abort listener on its signal', async () => {
      const limiter = make({ maxCalls: 1, period: 10_000 });
      await limiter.acquire();
      const signal = AbortSignal.abort(new Error('before'));
      await expect(callAsync(() => limiter.acquire({ signal }))).rejects.toBe(signal.reason);
      await reactionTime();
      expect(abortListeners(signal)).toBe(0);
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
      await expect(callAsync(() => fails())).rejects.toThrow('boom');
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
