import { faultySignal, SIGNAL_FAULTS } from '@aiox/internal/faulty-signal';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter, rateLimited } from './index';

// A wait that fails while it is being set up must reject (never throw) and
// leave no waiter: a ghost at the head would take the next slot for nobody.

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Calls `call`, returning what it threw synchronously (if anything) and its promise. */
function outcomeOf(call: () => Promise<unknown>): { thrown: unknown; result: Promise<unknown> | undefined } {
  try {
    return { thrown: undefined, result: call() };
  } catch (thrown) {
    return { thrown, result: undefined };
  }
}

describe.each(SIGNAL_FAULTS)('RateLimiter#acquire with a signal whose %s throws', (fault) => {
  it('rejects with the error and leaves nothing queued', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    await limiter.acquire();
    const error = new Error(`${fault} failed`);
    const { thrown, result } = outcomeOf(() => limiter.acquire({ signal: faultySignal(fault, error) }));
    expect(limiter.waiting).toBe(0);
    expect(thrown).toBeUndefined();
    await expect(result).rejects.toBe(error);
    // The slot of the next period goes to the next caller, at once when due.
    await vi.advanceTimersByTimeAsync(100);
    expect(limiter.tryAcquire()).toBe(true);
  });
});

describe('a timer that cannot be armed', () => {
  const error = new Error('no timers here');
  const calls = [
    ['RateLimiter#acquire', (limiter: RateLimiter) => () => limiter.acquire()],
    ['RateLimiter#wrap', (limiter: RateLimiter) => limiter.wrap(() => 'ran')],
  ] as const;

  it.each(calls)('%s rejects with its error, and the next caller takes the slot', async (_name, callOf) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    const call = callOf(limiter);
    await call();
    vi.spyOn(globalThis, 'setTimeout').mockImplementationOnce(() => {
      throw error;
    });
    const { thrown, result } = outcomeOf(call);
    expect(limiter.waiting).toBe(0);
    expect(thrown).toBeUndefined();
    await expect(result).rejects.toBe(error);
    const next = call();
    expect(limiter.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    await expect(next).resolves.not.toThrow();
    expect(limiter.waiting).toBe(0);
  });

  it('rateLimited: the decorated function rejects with its error, and its next call takes the slot', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const started: number[] = [];
    const limited = rateLimited({ maxCalls: 1, period: 100 })((n: number) => started.push(n));
    await limited(1);
    vi.spyOn(globalThis, 'setTimeout').mockImplementationOnce(() => {
      throw error;
    });
    const { thrown, result } = outcomeOf(() => limited(2));
    expect(thrown).toBeUndefined();
    await expect(result).rejects.toBe(error);
    const next = limited(3);
    await vi.advanceTimersByTimeAsync(100);
    await next;
    // A ghost of call 2 would have taken the slot at 100 ms and left 3 waiting.
    expect(started).toEqual([1, 3]);
  });
});
