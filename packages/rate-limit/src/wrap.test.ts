import { beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { RateLimiter } from './index';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('RateLimiter#wrap', () => {
  it('passes arguments and resolves with the result, awaited', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    const add = limiter.wrap((a: number, b: number) => a + b);
    const addLater = limiter.wrap(async (a: number, b: string) => `${a}${b}`);
    expectTypeOf(add).toEqualTypeOf<(a: number, b: number) => Promise<number>>();
    expectTypeOf(addLater).toEqualTypeOf<(a: number, b: string) => Promise<string>>();
    const results = Promise.all([add(1, 2), addLater(3, 'x')]);
    await vi.runAllTimersAsync();
    expect(await results).toEqual([3, '3x']);
  });

  it('calls fn synchronously when a slot is free, and later when it must wait', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    const fn = vi.fn(() => performance.now());
    const t0 = performance.now();
    const first = limiter.wrap(fn)();
    expect(fn).toHaveBeenCalledTimes(1);
    const second = limiter.wrap(fn)();
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.runAllTimersAsync();
    expect([(await first) - t0, (await second) - t0]).toEqual([0, 100]);
  });

  it('limits starts, not concurrency: slow calls overlap', async () => {
    const limiter = new RateLimiter({ maxCalls: 2, period: 100 });
    let running = 0;
    let mostRunning = 0;
    const t0 = performance.now();
    const slow = limiter.wrap(async () => {
      const started = performance.now() - t0;
      running += 1;
      mostRunning = Math.max(mostRunning, running);
      await sleep(1000);
      running -= 1;
      return started;
    });
    const starts = Promise.all(Array.from({ length: 6 }, () => slow()));
    await vi.runAllTimersAsync();
    expect(await starts).toEqual([0, 0, 100, 100, 200, 200]);
    expect(mostRunning).toBe(6);
  });

  it('counts a call that throws synchronously: the throw becomes a rejection', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    const error = new Error('sync boom');
    let result: Promise<never> | undefined;
    const throwing = limiter.wrap((): never => {
      throw error;
    });
    expect(() => {
      result = throwing();
    }).not.toThrow();
    await expect(result).rejects.toBe(error);
    expect(limiter.tryAcquire()).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('counts a call that rejects, and a waiting call that throws', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    const t0 = performance.now();
    const failures: number[] = [];
    const failing = limiter.wrap(async () => {
      failures.push(performance.now() - t0);
      throw new Error('async boom');
    });
    const throwing = limiter.wrap(() => {
      failures.push(performance.now() - t0);
      throw new Error('sync boom');
    });
    const settled = Promise.allSettled([failing(), throwing(), failing()]);
    await vi.runAllTimersAsync();
    expect((await settled).map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(failures).toEqual([0, 100, 200]);
  });

  it('passes `this` through, so a wrapped method works (fast and slow path)', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    class Account {
      constructor(readonly owner: string) {}
      greet = limiter.wrap(function (this: Account, greeting: string) {
        return `${greeting}, ${this.owner}`;
      });
    }
    const account = new Account('Ada');
    const results = Promise.all([account.greet('hello'), account.greet('bye')]);
    await vi.runAllTimersAsync();
    expect(await results).toEqual(['hello, Ada', 'bye, Ada']);

    const shared = { base: 40, add: limiter.wrap(function (this: { base: number }, n: number) { return this.base + n; }) };
    const sum = shared.add(2);
    await vi.runAllTimersAsync();
    expect(await sum).toBe(42);
  });

  it('keeps the name and length of fn', () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    function fetchUser(_id: string, _fields: string[]): void {}
    const wrapped = limiter.wrap(fetchUser);
    expect(wrapped.name).toBe('fetchUser');
    expect(wrapped.length).toBe(2);
  });

  it('shares one budget between all functions wrapped by one limiter and acquire(), in arrival order', async () => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 100 });
    const t0 = performance.now();
    const order: string[] = [];
    const a = limiter.wrap(() => order.push(`a@${performance.now() - t0}`));
    const b = limiter.wrap(() => order.push(`b@${performance.now() - t0}`));
    const all = Promise.all([a(), b(), limiter.acquire().then(() => order.push(`acquire@${performance.now() - t0}`)), a()]);
    await vi.runAllTimersAsync();
    await all;
    expect(order).toEqual(['a@0', 'b@100', 'acquire@200', 'a@300']);
  });
});
