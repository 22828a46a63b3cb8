import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from './index';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Fake timers with a fake clock: times are exact. */
function useFakeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
}

/** Records when each promise settles (ms after `t0`), or `'rejected'`. */
function track(promises: Promise<unknown>[], t0: number): (number | 'rejected' | undefined)[] {
  const times: (number | 'rejected' | undefined)[] = promises.map(() => undefined);
  promises.forEach((promise, index) => {
    promise.then(
      () => {
        times[index] = performance.now() - t0;
      },
      () => {
        times[index] = 'rejected';
      },
    );
  });
  return times;
}

describe('RateLimiter timeline (fake clock)', () => {
  beforeEach(useFakeClock);

  it('starts ten calls at 0, 200, 1000, 1200, ... 4200 ms with 2 per second, 200 ms apart', async () => {
    const limiter = new RateLimiter({ maxCalls: 2, period: 1000, minInterval: 200 });
    const t0 = performance.now();
    const starts = track(Array.from({ length: 10 }, () => limiter.acquire()), t0);
    await vi.runAllTimersAsync();
    expect(starts).toEqual([0, 200, 1000, 1200, 2000, 2200, 3000, 3200, 4000, 4200]);
  });

  it('keeps exactly one timer while calls wait and none when idle', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    expect(vi.getTimerCount()).toBe(0);
    await limiter.acquire();
    expect(vi.getTimerCount()).toBe(0);
    const waits = [limiter.acquire(), limiter.acquire(), limiter.acquire()];
    expect(limiter.waiting).toBe(3);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(limiter.waiting).toBe(2);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all(waits);
    expect(limiter.waiting).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets a full window reopen only one period after its oldest start', async () => {
    const limiter = new RateLimiter({ maxCalls: 3, period: 100 });
    const t0 = performance.now();
    await limiter.acquire();
    await vi.advanceTimersByTimeAsync(40);
    await limiter.acquire();
    await limiter.acquire();
    const starts = track([limiter.acquire(), limiter.acquire(), limiter.acquire()], t0);
    await vi.runAllTimersAsync();
    expect(starts).toEqual([100, 140, 140]);
  });

  it('works through more starts than its first ring holds (a large maxCalls grows, then wraps)', async () => {
    const limiter = new RateLimiter({ maxCalls: 100, period: 1000 });
    const t0 = performance.now();
    const starts = track(Array.from({ length: 250 }, () => limiter.acquire()), t0);
    await vi.runAllTimersAsync();
    expect(starts).toEqual([
      ...Array<number>(100).fill(0),
      ...Array<number>(100).fill(1000),
      ...Array<number>(50).fill(2000),
    ]);
  });

  it('applies only minInterval when maxCalls is huge, over many periods', async () => {
    const limiter = new RateLimiter({ maxCalls: Number.MAX_SAFE_INTEGER, period: 10, minInterval: 1 });
    const t0 = performance.now();
    const starts = track(Array.from({ length: 200 }, () => limiter.acquire()), t0);
    await vi.runAllTimersAsync();
    expect(starts).toEqual(Array.from({ length: 200 }, (_, index) => index));
  });

  it('never arms a timer beyond setTimeout’s ceiling (which would fire at once)', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const period = 1e10;
    const limiter = new RateLimiter({ maxCalls: 1, period });
    const t0 = performance.now();
    await limiter.acquire();
    const starts = track([limiter.acquire()], t0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(vi.getTimerCount()).toBe(1);
    expect(starts).toEqual([undefined]);
    await vi.advanceTimersByTimeAsync(period - 1000);
    expect(starts).toEqual([period]);
    const delays = setTimeoutSpy.mock.calls.map((call) => call[1]);
    expect(delays.length).toBeGreaterThan(1);
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(0x7fffffff);
  });
});

describe('RateLimiter cancellation (fake clock)', () => {
  beforeEach(useFakeClock);

  // maxCalls 2, period 1000, minInterval 200: five calls at once start at
  // 0, 200, 1000, 1200, 2000. Aborting one at 100 ms moves those behind it up.
  it.each([
    ['the head', 1, [0, 'rejected', 200, 1000, 1200]],
    ['a middle waiter', 2, [0, 200, 'rejected', 1000, 1200]],
    ['the tail', 4, [0, 200, 1000, 1200, 'rejected']],
  ] as const)('aborting %s frees its place for those behind', async (_, aborted, expected) => {
    const limiter = new RateLimiter({ maxCalls: 2, period: 1000, minInterval: 200 });
    const t0 = performance.now();
    const controllers = Array.from({ length: 5 }, () => new AbortController());
    const starts = track(
      controllers.map((controller) => limiter.acquire({ signal: controller.signal })),
      t0,
    );
    await vi.advanceTimersByTimeAsync(100);
    controllers[aborted]?.abort();
    expect(limiter.waiting).toBe(3);
    await vi.runAllTimersAsync();
    expect(starts).toEqual(expected);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with signal.reason, whatever it is', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 1000 });
    await limiter.acquire();
    const controller = new AbortController();
    const reason = { why: 'shutting down' };
    const waiting = limiter.acquire({ signal: controller.signal });
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });

  it('clears the timer when the last waiter aborts, and starts afresh afterwards', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    const t0 = performance.now();
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire({ signal: controller.signal });
    const second = limiter.acquire({ signal: controller.signal });
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(aborted).rejects.toThrow(/abort/i);
    await expect(second).rejects.toThrow(/abort/i);
    expect(limiter.waiting).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    const starts = track([limiter.acquire()], t0);
    await vi.runAllTimersAsync();
    expect(starts).toEqual([100]);
  });

  it('rejects at once for an already-aborted signal and takes no slot', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 1000 });
    const reason = new Error('too late');
    await expect(limiter.acquire({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(limiter.waiting).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('leaves no abort listener behind, whether the wait started or aborted', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    const shared = new AbortController();
    await limiter.acquire({ signal: shared.signal });
    const started = limiter.acquire({ signal: shared.signal });
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    await started;
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);

    const own = new AbortController();
    const aborted = limiter.acquire({ signal: own.signal });
    own.abort();
    await expect(aborted).rejects.toThrow();
    expect(getEventListeners(own.signal, 'abort')).toHaveLength(0);
  });

  it('ignores an abort that comes after the start', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    const controller = new AbortController();
    await limiter.acquire({ signal: controller.signal });
    controller.abort();
    const starts = track([limiter.acquire()], performance.now());
    await vi.runAllTimersAsync();
    expect(starts).toEqual([100]);
  });
});

describe('RateLimiter and unreliable timers', () => {
  let clock = 1000;
  beforeEach(() => {
    // Timers are fake, and so is the clock, but apart: each test moves them
    // independently to make a timer fire before or after its time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    clock = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
  });

  it('re-arms instead of starting a call when its timer fires early', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    await limiter.acquire();
    let startedAt: number | undefined;
    const waiting = limiter.acquire().then(() => {
      startedAt = performance.now();
    });
    clock = 1090;
    await vi.advanceTimersByTimeAsync(100);
    expect(startedAt).toBeUndefined();
    expect(vi.getTimerCount()).toBe(1);
    clock = 1099.5;
    await vi.advanceTimersByTimeAsync(10);
    expect(startedAt).toBeUndefined();
    expect(vi.getTimerCount()).toBe(1);
    clock = 1100;
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(startedAt).toBe(1100);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('starts every waiter now allowed at once when its timer fires late', async () => {
    const limiter = new RateLimiter({ maxCalls: 3, period: 100 });
    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    const started: number[] = [];
    const waits = [1, 2, 3, 4].map((n) => limiter.acquire().then(() => started.push(n)));
    clock = 1350;
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toEqual([1, 2, 3]);
    expect(limiter.waiting).toBe(1);
    clock = 1450;
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(waits);
    expect(started).toEqual([1, 2, 3, 4]);
  });

  it('still spaces starts by minInterval after a late timer', async () => {
    const limiter = new RateLimiter({ maxCalls: 5, period: 100, minInterval: 10 });
    await limiter.acquire();
    const started: number[] = [];
    const waits = [1, 2].map(() => limiter.acquire().then(() => started.push(performance.now())));
    clock = 1500;
    await vi.advanceTimersByTimeAsync(10);
    expect(started).toEqual([1500]);
    clock = 1510;
    await vi.advanceTimersByTimeAsync(10);
    await Promise.all(waits);
    expect(started).toEqual([1500, 1510]);
  });
});

describe('RateLimiter#tryAcquire', () => {
  beforeEach(useFakeClock);

  it('takes a free slot, refuses a full window, and never jumps the queue', async () => {
    const limiter = new RateLimiter({ maxCalls: 2, period: 100 });
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    const waiting = limiter.acquire();
    await vi.advanceTimersByTimeAsync(99);
    expect(limiter.tryAcquire()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    // The waiter took the first reopened slot; the second is free.
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
  });

  it('respects minInterval', async () => {
    const limiter = new RateLimiter({ maxCalls: 10, period: 100, minInterval: 30 });
    expect(limiter.tryAcquire()).toBe(true);
    await vi.advanceTimersByTimeAsync(29);
    expect(limiter.tryAcquire()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(limiter.tryAcquire()).toBe(true);
  });
});
