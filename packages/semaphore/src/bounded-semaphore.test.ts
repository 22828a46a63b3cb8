import { describe, expect, it } from 'vitest';
import { flush, track } from '../test/helpers';
import { BoundedSemaphore } from './index';

describe('BoundedSemaphore: release', () => {
  it('throws on a release beyond the initial value and changes nothing', async () => {
    const semaphore = new BoundedSemaphore(2);
    await semaphore.acquire();
    semaphore.release();
    expect(() => semaphore.release()).toThrow(
      new RangeError('BoundedSemaphore released too many times: value 2 + 1 would exceed the initial value 2'),
    );
    expect(semaphore.value).toBe(2);
  });

  it('refuses release(n) that would overshoot, even when a smaller one would fit', () => {
    const semaphore = new BoundedSemaphore(3);
    expect(semaphore.tryAcquire(2)).toBe(true);
    expect(() => semaphore.release(3)).toThrow(RangeError);
    expect(semaphore.value).toBe(1);
    semaphore.release(2);
    expect(semaphore.value).toBe(3);
  });

  it('checks the type of times before the bound', () => {
    const semaphore = new BoundedSemaphore(1);
    expect(() => semaphore.release(0.5)).toThrow(new RangeError('times must be an integer >= 1 (received 0.5)'));
    expect(() => semaphore.release('1' as never)).toThrow(TypeError);
  });

  it('keeps a permit unreleased when its permits were given back by hand already', async () => {
    const semaphore = new BoundedSemaphore(2);
    const permit = await semaphore.acquireMany(2);
    semaphore.release(2);
    expect(() => permit.release()).toThrow(RangeError);
    await expect(permit[Symbol.asyncDispose]()).rejects.toThrow(RangeError);
    expect(semaphore.value).toBe(2);
    // Once the hand-taken permits are back out, the permit can still release.
    expect(semaphore.tryAcquire(2)).toBe(true);
    permit.release();
    permit.release();
    expect(semaphore.value).toBe(2);
  });
});

describe('BoundedSemaphore: requests that can never be granted', () => {
  it('refuses acquireMany above the initial value at once, taking and queueing nothing', async () => {
    const semaphore = new BoundedSemaphore(2);
    const controller = new AbortController();
    await expect(semaphore.acquireMany(3, { signal: controller.signal })).rejects.toThrow(
      new RangeError('times must be an integer from 1 to 2, the initial value of this BoundedSemaphore (received 3)'),
    );
    expect(semaphore.value).toBe(2);
    expect(semaphore.waiting).toBe(0);
  });

  it('lets acquireMany of exactly the initial value wait for it', async () => {
    const semaphore = new BoundedSemaphore(2);
    semaphore.tryAcquire();
    const all = track(semaphore.acquireMany(2));
    await flush();
    expect(all.status).toBe('pending');
    semaphore.release();
    await flush();
    expect(all.status).toBe('fulfilled');
    expect(semaphore.value).toBe(0);
  });

  it('throws on tryAcquire above the initial value', () => {
    const semaphore = new BoundedSemaphore(2);
    expect(() => semaphore.tryAcquire(3)).toThrow(RangeError);
    expect(() => semaphore.tryAcquire(0)).toThrow(new RangeError('times must be an integer >= 1 (received 0)'));
    expect(semaphore.value).toBe(2);
  });

  it('refuses every request when the initial value is 0', async () => {
    const semaphore = new BoundedSemaphore(0);
    await expect(semaphore.acquire()).rejects.toThrow(RangeError);
    await expect(semaphore.acquireMany(1)).rejects.toThrow(RangeError);
    expect(() => semaphore.tryAcquire()).toThrow(RangeError);
    expect(() => semaphore.release()).toThrow(RangeError);
    expect(semaphore.waiting).toBe(0);
  });

  it('reports a malformed times as such, not as out of bounds', async () => {
    const semaphore = new BoundedSemaphore(2);
    await expect(semaphore.acquireMany(2.5)).rejects.toThrow(
      new RangeError('times must be an integer >= 1 (received 2.5)'),
    );
    await expect(semaphore.acquireMany(Infinity)).rejects.toThrow(
      new RangeError('times must be an integer >= 1 (received Infinity)'),
    );
  });
});
