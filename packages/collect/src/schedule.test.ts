import { describe, expect, it } from 'vitest';
import { schedule, type Task } from './index';

describe('schedule', () => {
  it('starts a thunk at once, with a signal of its own that never aborts', async () => {
    const signals: AbortSignal[] = [];
    const task = (signal: AbortSignal) => {
      signals.push(signal);
      return Promise.resolve(signal.aborted);
    };
    const first = schedule(task);
    const second = schedule(task);
    expect(signals).toHaveLength(2);
    expect(signals[0]).toBeInstanceOf(AbortSignal);
    expect(signals[0]).not.toBe(signals[1]);
    expect((await first).result()).toBe(false);
    await second;
    expect(signals[0]?.aborted).toBe(false);
  });

  it('settles to a fulfilled Settled', async () => {
    const settled = await schedule(async () => 42);
    expect(settled.status).toBe('fulfilled');
    expect(settled.result()).toBe(42);
    expect(settled.exception()).toBeUndefined();
  });

  it('settles to a rejected Settled instead of rejecting', async () => {
    const error = new Error('boom');
    const settled = await schedule(() => Promise.reject(error));
    expect(settled.status).toBe('rejected');
    expect(() => settled.result()).toThrow(error);
    expect(settled.exception()).toBe(error);
  });

  it('counts a thunk that throws synchronously as rejected', async () => {
    const error = new TypeError('sync');
    const settled = await schedule(() => {
      throw error;
    });
    expect(settled.status).toBe('rejected');
    expect(settled.exception()).toBe(error);
  });

  it('accepts a promise, a thenable and a plain value', async () => {
    expect((await schedule(Promise.resolve('p'))).result()).toBe('p');
    const thenable = { then: (onFulfilled: (value: string) => void) => onFulfilled('t') } as unknown as PromiseLike<string>;
    expect((await schedule(thenable)).result()).toBe('t');
    expect((await schedule('v' as unknown as Task<string>)).result()).toBe('v');
    const failing = { then: () => { throw new Error('bad then'); } } as unknown as PromiseLike<never>;
    expect((await schedule(failing)).exception()).toEqual(new Error('bad then'));
  });

  it('keeps an undefined rejection distinguishable by its status', async () => {
    const settled = await schedule(() => Promise.reject(undefined));
    expect(settled.status).toBe('rejected');
    expect(settled.exception()).toBeUndefined();
    expect(() => settled.result()).toThrow();
  });
});
