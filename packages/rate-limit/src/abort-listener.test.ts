import { getEventListeners } from 'node:events';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from './index';

// Unhandled rejections fail a test through the shared guard (vitest.shared.ts);
// this file also fails one that makes Node warn of a listener leak.
const leakWarnings: Error[] = [];
const recordWarning = (warning: Error): void => {
  if (warning.name === 'MaxListenersExceededWarning') leakWarnings.push(warning);
};
// A browser has no process, nor the warning.
beforeAll(() => {
  globalThis.process?.on('warning', recordWarning);
});
afterAll(() => {
  globalThis.process?.off('warning', recordWarning);
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  // Node emits warnings a tick later (a 0 ms timer: browsers have no setImmediate).
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(leakWarnings.splice(0), 'MaxListenersExceededWarning').toEqual([]);
});

type Outcome = number | { rejected: unknown } | undefined;

/** When each wait started (ms after `t0`), or why it was rejected; handles every rejection. */
function track(waits: Promise<void>[], t0: number): Outcome[] {
  const outcomes: Outcome[] = waits.map(() => undefined);
  waits.forEach((wait, index) => {
    wait.then(
      () => {
        outcomes[index] = performance.now() - t0;
      },
      (reason: unknown) => {
        outcomes[index] = { rejected: reason };
      },
    );
  });
  return outcomes;
}

function abortListeners(signal: AbortSignal): number {
  return getEventListeners(signal, 'abort').length;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('a signal shared by many waits', () => {
  it('gets one listener, sets off no MaxListenersExceededWarning, and its abort rejects every wait', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    const t0 = performance.now();
    await limiter.acquire();
    const shared = new AbortController();
    const add = vi.spyOn(shared.signal, 'addEventListener');
    const other = new AbortController();
    const before = limiter.acquire({ signal: other.signal });
    const sharing = Array.from({ length: 50 }, () => limiter.acquire({ signal: shared.signal }));
    const after = limiter.acquire();
    const starts = track([before, after], t0);
    const outcomes = track(sharing, t0);
    expect(add).toHaveBeenCalledTimes(1);
    expect(add.mock.calls[0]?.[0]).toBe('abort');
    expect(abortListeners(shared.signal)).toBe(1);
    expect(limiter.waiting).toBe(52);

    const reason = new Error('batch cancelled');
    shared.abort(reason);
    await Promise.allSettled(sharing);
    expect(outcomes).toEqual(range(0, 50).map(() => ({ rejected: reason })));
    expect(outcomes.every((outcome) => (outcome as { rejected: unknown }).rejected === reason)).toBe(true);
    expect(abortListeners(shared.signal)).toBe(0);
    expect(limiter.waiting).toBe(2);

    await vi.runAllTimersAsync();
    expect(starts).toEqual([100, 200]);
    expect(abortListeners(other.signal)).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('starts the waits whose turn came before the abort and rejects the rest', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    const t0 = performance.now();
    await limiter.acquire();
    const shared = new AbortController();
    const outcomes = track(
      Array.from({ length: 50 }, () => limiter.acquire({ signal: shared.signal })),
      t0,
    );
    await vi.advanceTimersByTimeAsync(1050);
    expect(limiter.waiting).toBe(40);
    expect(abortListeners(shared.signal)).toBe(1);

    shared.abort('too late');
    await vi.runAllTimersAsync();
    expect(outcomes).toEqual([
      ...range(1, 11).map((n) => n * 100),
      ...range(10, 50).map(() => ({ rejected: 'too late' })),
    ]);
    expect(abortListeners(shared.signal)).toBe(0);
    expect(limiter.waiting).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    // The rejected waits took no slot.
    const next = track([limiter.acquire()], t0);
    await vi.runAllTimersAsync();
    expect(next).toEqual([1100]);
  });

  it('drops the listener once every wait sharing the signal has started, and adds one for later waits', async () => {
    const limiter = new RateLimiter({ maxCalls: 2, period: 100 });
    await limiter.acquire();
    await limiter.acquire();
    const shared = new AbortController();
    const add = vi.spyOn(shared.signal, 'addEventListener');
    const remove = vi.spyOn(shared.signal, 'removeEventListener');
    const first = Array.from({ length: 20 }, () => limiter.acquire({ signal: shared.signal }));
    await vi.advanceTimersByTimeAsync(900);
    expect(limiter.waiting).toBe(2);
    expect(remove).not.toHaveBeenCalled();
    await vi.runAllTimersAsync();
    await Promise.all(first);
    expect(remove).toHaveBeenCalledTimes(1);
    expect(remove.mock.calls[0]?.[1]).toBe(add.mock.calls[0]?.[1]);
    expect(abortListeners(shared.signal)).toBe(0);

    const later = track([limiter.acquire(), limiter.acquire({ signal: shared.signal })], performance.now());
    expect(add).toHaveBeenCalledTimes(2);
    shared.abort('stop');
    await vi.runAllTimersAsync();
    expect(later).toEqual([100, { rejected: 'stop' }]);
    expect(abortListeners(shared.signal)).toBe(0);
  });

  it('leaves the waits of other signals and of other limiters alone', async () => {
    const one = new RateLimiter({ maxCalls: 1, period: 100 });
    const two = new RateLimiter({ maxCalls: 1, period: 100 });
    const t0 = performance.now();
    await one.acquire();
    await two.acquire();
    const shared = new AbortController();
    const own = new AbortController();
    const outcomes = track(
      [
        one.acquire({ signal: shared.signal }),
        one.acquire({ signal: own.signal }),
        two.acquire({ signal: shared.signal }),
        two.acquire({ signal: shared.signal }),
        two.acquire({ signal: own.signal }),
      ],
      t0,
    );
    // One listener per limiter, however many of its waits share the signal.
    expect(abortListeners(shared.signal)).toBe(2);
    shared.abort('shared');
    await vi.runAllTimersAsync();
    expect(outcomes).toEqual([{ rejected: 'shared' }, 100, { rejected: 'shared' }, { rejected: 'shared' }, 100]);
    expect(abortListeners(own.signal)).toBe(0);
  });
});

describe('signal-like objects that call back into the limiter', () => {
  /** Accepted by shape, as a signal from another realm would be. */
  class FakeSignal extends EventTarget {
    aborted = false;
    reason: unknown = undefined;
    onAdd: (() => void) | undefined = undefined;
    onRemove: (() => void) | undefined = undefined;

    abort(reason: unknown): void {
      this.aborted = true;
      this.reason = reason;
      this.dispatchEvent(new Event('abort'));
    }

    override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
      this.onAdd?.();
      super.addEventListener(...args);
    }

    override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
      this.onRemove?.();
      super.removeEventListener(...args);
    }
  }

  it('keeps one timer when a wait is queued from addEventListener', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    const t0 = performance.now();
    await limiter.acquire();
    const signal = new FakeSignal();
    const waits: Promise<void>[] = [];
    signal.onAdd = () => {
      signal.onAdd = undefined;
      waits.push(limiter.acquire());
    };
    waits.unshift(limiter.acquire({ signal: signal as unknown as AbortSignal }));
    expect(vi.getTimerCount()).toBe(1);
    const starts = track(waits, t0);
    await vi.runAllTimersAsync();
    expect(starts).toEqual([100, 200]);
  });

  it('keeps one timer when a wait is queued from removeEventListener while starting others', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    const t0 = performance.now();
    await limiter.acquire();
    const signal = new FakeSignal();
    const waits = [limiter.acquire({ signal: signal as unknown as AbortSignal })];
    signal.onRemove = () => {
      signal.onRemove = undefined;
      waits.push(limiter.acquire());
    };
    await vi.advanceTimersByTimeAsync(100);
    expect(limiter.waiting).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    const starts = track(waits, t0);
    await vi.runAllTimersAsync();
    expect(starts).toEqual([100, 200]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('cancels a wait through an object shaped like an AbortSignal', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    await limiter.acquire();
    const signal = new FakeSignal();
    const outcomes = track([limiter.acquire({ signal: signal as unknown as AbortSignal })], performance.now());
    signal.abort('fake');
    await vi.runAllTimersAsync();
    expect(outcomes).toEqual([{ rejected: 'fake' }]);
    expect(limiter.waiting).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
