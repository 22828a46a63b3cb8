import { describe, expect, it } from 'vitest';
import { flush, track } from '../test/helpers';
import { BoundedSemaphore, Semaphore } from './index';

describe('Semaphore: counting', () => {
  it('starts with one permit by default, as a lock', () => {
    const semaphore = new Semaphore();
    expect(semaphore.value).toBe(1);
    expect(semaphore.locked()).toBe(false);
    expect(semaphore.tryAcquire()).toBe(true);
    expect(semaphore.value).toBe(0);
    expect(semaphore.locked()).toBe(true);
    expect(semaphore.tryAcquire()).toBe(false);
  });

  it('takes a permit at once when one is free and gives it back on release', async () => {
    const semaphore = new Semaphore(2);
    await semaphore.acquire();
    await semaphore.acquire();
    expect(semaphore.value).toBe(0);
    semaphore.release();
    expect(semaphore.value).toBe(1);
    semaphore.release();
    expect(semaphore.value).toBe(2);
  });

  it('makes acquire wait while no permit is free', async () => {
    const semaphore = new Semaphore(0);
    expect(semaphore.locked()).toBe(true);
    const waiting = track(semaphore.acquire());
    await flush();
    expect(waiting.status).toBe('pending');
    expect(semaphore.waiting).toBe(1);
    semaphore.release();
    await flush();
    expect(waiting.status).toBe('fulfilled');
    expect(waiting.value).toBeUndefined();
    expect(semaphore.value).toBe(0);
    expect(semaphore.waiting).toBe(0);
  });

  it('lets a plain Semaphore be released above its initial value', () => {
    const semaphore = new Semaphore(1);
    semaphore.release();
    semaphore.release(3);
    expect(semaphore.value).toBe(5);
  });

  it('takes and gives back several permits with tryAcquire(n) and release(n)', () => {
    const semaphore = new Semaphore(3);
    expect(semaphore.tryAcquire(4)).toBe(false);
    expect(semaphore.value).toBe(3);
    expect(semaphore.tryAcquire(3)).toBe(true);
    expect(semaphore.value).toBe(0);
    semaphore.release(3);
    expect(semaphore.value).toBe(3);
  });

  it('counts waiters, and a subclass is still a Semaphore', () => {
    const semaphore = new BoundedSemaphore(1);
    expect(semaphore).toBeInstanceOf(Semaphore);
    expect(semaphore.waiting).toBe(0);
  });
});

describe('Semaphore: strict FIFO', () => {
  it('serves waiters in the order they came', async () => {
    const semaphore = new Semaphore(0);
    const order: number[] = [];
    const done = Array.from({ length: 5 }, (_, i) => semaphore.acquire().then(() => order.push(i)));
    for (let i = 0; i < 5; i += 1) {
      semaphore.release();
      await flush();
      expect(order).toEqual(Array.from({ length: i + 1 }, (_, j) => j));
    }
    await Promise.all(done);
  });

  it('wakes as many waiters as one release(n) can serve, in order', async () => {
    const semaphore = new Semaphore(0);
    const order: string[] = [];
    const a = semaphore.acquire().then(() => order.push('a'));
    const b = semaphore.acquireMany(2).then(() => order.push('b'));
    const c = semaphore.acquire().then(() => order.push('c'));
    semaphore.release(3);
    await Promise.all([a, b]);
    await flush();
    expect(order).toEqual(['a', 'b']);
    expect(semaphore.waiting).toBe(1);
    semaphore.release();
    await c;
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('never lets tryAcquire or the acquire fast path jump ahead of a queued waiter', async () => {
    const semaphore = new Semaphore(2);
    const big = track(semaphore.acquireMany(3));
    // Two permits are free, yet the queued request for three comes first.
    expect(semaphore.value).toBe(2);
    expect(semaphore.locked()).toBe(true);
    expect(semaphore.tryAcquire()).toBe(false);
    const small = track(semaphore.acquire());
    await flush();
    expect(big.status).toBe('pending');
    expect(small.status).toBe('pending');
    expect(semaphore.value).toBe(2);

    semaphore.release();
    await flush();
    expect(big.status).toBe('fulfilled');
    expect(small.status).toBe('pending');
    expect(semaphore.value).toBe(0);

    big.value?.release();
    await flush();
    expect(small.status).toBe('fulfilled');
    expect(semaphore.value).toBe(2);
  });
});

describe('Semaphore: bad arguments', () => {
  it.each([
    [-1, RangeError, 'value must be an integer >= 0 (received -1)'],
    [1.5, RangeError, 'value must be an integer >= 0 (received 1.5)'],
    [Number.NaN, RangeError, 'value must be an integer >= 0 (received NaN)'],
    [Infinity, RangeError, 'value must be an integer >= 0 (received Infinity)'],
    ['2', TypeError, 'value must be an integer >= 0 (received "2")'],
    [null, TypeError, 'value must be an integer >= 0 (received null)'],
  ])('new Semaphore(%s) throws %s', (value, type, message) => {
    expect(() => new Semaphore(value as number)).toThrow(type);
    expect(() => new Semaphore(value as number)).toThrow(message);
    expect(() => new BoundedSemaphore(value as number)).toThrow(message);
  });

  it.each([
    [null, TypeError, 'options must be an object or undefined (received null)'],
    ['fast', TypeError, 'options must be an object or undefined (received "fast")'],
    [[], TypeError, 'options must be an object or undefined (received an array of length 0)'],
    [{ signal: {} }, TypeError, 'options.signal must be an AbortSignal or undefined (received an object)'],
    [{ signal: null }, TypeError, 'options.signal must be an AbortSignal or undefined (received null)'],
  ])('acquire(%j) rejects with %s and takes nothing', async (options, type, message) => {
    const semaphore = new Semaphore(1);
    const call = semaphore.acquire(options as never);
    await expect(call).rejects.toThrow(type);
    await expect(call).rejects.toThrow(message);
    expect(semaphore.value).toBe(1);
    expect(semaphore.waiting).toBe(0);
  });

  it.each([
    [0, RangeError, 'times must be an integer >= 1 (received 0)'],
    [-2, RangeError, 'times must be an integer >= 1 (received -2)'],
    [2.5, RangeError, 'times must be an integer >= 1 (received 2.5)'],
    [Number.NaN, RangeError, 'times must be an integer >= 1 (received NaN)'],
    ['3', TypeError, 'times must be an integer >= 1 (received "3")'],
    [undefined, TypeError, 'times must be an integer >= 1 (received undefined)'],
  ])('acquireMany(%s) rejects with %s and takes nothing', async (times, type, message) => {
    const semaphore = new Semaphore(0);
    const call = semaphore.acquireMany(times as number);
    await expect(call).rejects.toThrow(type);
    await expect(call).rejects.toThrow(message);
    expect(semaphore.waiting).toBe(0);
  });

  it('checks acquireMany options too', async () => {
    const semaphore = new Semaphore(3);
    await expect(semaphore.acquireMany(1, 5 as never)).rejects.toThrow(
      new TypeError('options must be an object or undefined (received 5)'),
    );
    await expect(semaphore.acquireMany(1, { signal: 'stop' as never })).rejects.toThrow(
      new TypeError('options.signal must be an AbortSignal or undefined (received "stop")'),
    );
    expect(semaphore.value).toBe(3);
  });

  it.each([
    [0, RangeError],
    [1.5, RangeError],
    ['1', TypeError],
    [null, TypeError],
  ])('tryAcquire(%s) and release(%s) throw %s and change nothing', (times, type) => {
    const semaphore = new Semaphore(2);
    expect(() => semaphore.tryAcquire(times as number)).toThrow(type);
    expect(() => semaphore.release(times as number)).toThrow(type);
    expect(() => semaphore.release(times as number)).toThrow(/^times must be an integer >= 1 \(received /);
    expect(semaphore.value).toBe(2);
  });
});
