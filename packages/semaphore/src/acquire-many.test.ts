import { describe, expect, it, vi } from 'vitest';
import { flush, track } from '../test/helpers';
import { BoundedSemaphore, type Permit, Semaphore } from './index';

describe.each([
  ['Semaphore', Semaphore],
  ['BoundedSemaphore', BoundedSemaphore],
])('%s#acquireMany, ported from aioextensions', (_name, Kind) => {
  it('nests: acquireMany(2) inside acquireMany(3) on a semaphore of 5', async () => {
    const semaphore = new Kind(5);
    {
      await using outer = await semaphore.acquireMany(3);
      expect(semaphore.value).toBe(2);
      {
        await using inner = await semaphore.acquireMany(2);
        expect(semaphore.value).toBe(0);
        expect(semaphore.locked()).toBe(true);
        void inner;
      }
      expect(semaphore.value).toBe(2);
      void outer;
    }
    expect(semaphore.value).toBe(5);
  });

  it('waits for more than is free until enough is released', async () => {
    const semaphore = new Kind(5);
    const first = await semaphore.acquireMany(3);
    const second = track(semaphore.acquireMany(3));
    await flush();
    expect(second.status).toBe('pending');
    expect(semaphore.value).toBe(2); // nothing held in part while waiting
    first.release();
    await flush();
    expect(second.status).toBe('fulfilled');
    expect(semaphore.value).toBe(2);
    second.value?.release();
    expect(semaphore.value).toBe(5);
  });
});

describe('acquireMany: all or nothing', () => {
  it('cannot deadlock two tasks that each need 3 of 4 permits', async () => {
    const semaphore = new Semaphore(4);
    const log: string[] = [];
    const task = async (name: string): Promise<void> => {
      for (let round = 0; round < 3; round += 1) {
        // Yield between requests so the two tasks interleave, the pattern
        // that deadlocks one-by-one acquisition (2 + 2 held, both waiting).
        await flush();
        using permit = await semaphore.acquireMany(3);
        log.push(`${name}${round}`);
        await flush();
        void permit;
      }
    };
    const both = track(Promise.all([task('a'), task('b')]));
    for (let turn = 0; turn < 50 && both.status === 'pending'; turn += 1) await flush();
    expect(both.status).toBe('fulfilled');
    expect(log).toHaveLength(6);
    expect(semaphore.value).toBe(4);
  });

  it('serves a big request at the head before later small ones (no starvation)', async () => {
    const semaphore = new Semaphore(3);
    const order: string[] = [];
    expect(semaphore.tryAcquire(3)).toBe(true);
    const big = semaphore.acquireMany(3).then((permit) => {
      order.push('big');
      return permit;
    });
    const smalls = [1, 2, 3].map((i) => semaphore.acquire().then(() => order.push(`small${i}`)));

    // Permits trickle back one at a time: each would satisfy a small request.
    semaphore.release();
    await flush();
    semaphore.release();
    await flush();
    expect(order).toEqual([]);
    expect(semaphore.value).toBe(2);

    semaphore.release();
    const permit = await big;
    expect(order).toEqual(['big']);
    expect(semaphore.value).toBe(0);

    permit.release();
    await Promise.all(smalls);
    expect(order).toEqual(['big', 'small1', 'small2', 'small3']);
  });

  it('lets a plain Semaphore wait for more permits than it has in total', async () => {
    const semaphore = new Semaphore(2);
    const many = track(semaphore.acquireMany(10));
    await flush();
    expect(many.status).toBe('pending');
    semaphore.release(7);
    await flush();
    expect(many.status).toBe('pending');
    expect(semaphore.value).toBe(9);
    semaphore.release();
    await flush();
    expect(many.status).toBe('fulfilled');
    expect(semaphore.value).toBe(0);
  });
});

describe('Permit', () => {
  it('releases once, however many times release() is called', async () => {
    const semaphore = new Semaphore(4);
    const permit = await semaphore.acquireMany(3);
    permit.release();
    permit.release();
    permit[Symbol.dispose]();
    await permit[Symbol.asyncDispose]();
    expect(semaphore.value).toBe(4);
  });

  it('is released at the end of a using block, even one left by a throw', async () => {
    const semaphore = new Semaphore(2);
    const use = async (): Promise<void> => {
      using permit = await semaphore.acquireMany(2);
      expect(semaphore.value).toBe(0);
      void permit;
      throw new Error('boom');
    };
    await expect(use()).rejects.toThrow('boom');
    expect(semaphore.value).toBe(2);
  });

  it('is released by await using, and its async disposer returns a promise', async () => {
    const semaphore = new Semaphore(1);
    {
      await using permit = await semaphore.acquireMany(1);
      expect(semaphore.value).toBe(0);
      void permit;
    }
    expect(semaphore.value).toBe(1);
    const permit = await semaphore.acquireMany(1);
    const disposed = permit[Symbol.asyncDispose]();
    expect(disposed).toBeInstanceOf(Promise);
    await disposed;
    expect(semaphore.value).toBe(1);
  });

  it('hands queued waiters their permits when released', async () => {
    const semaphore = new Semaphore(2);
    const held: Permit = await semaphore.acquireMany(2);
    const next = track(semaphore.acquireMany(2));
    held.release();
    await flush();
    expect(next.status).toBe('fulfilled');
    expect(next.value).not.toBe(held);
    expect(semaphore.value).toBe(0);
  });

  it('falls back to the registered symbols where Symbol.dispose is missing', async () => {
    // Node 20's Symbol.dispose is non-configurable, so hide it behind a
    // stand-in (a proxy of Symbol itself may not lie about it).
    const RealSymbol = Symbol;
    const withoutDispose = new Proxy(() => undefined, {
      apply: (_target, _this, args: [string?]) => RealSymbol(...args),
      get: (_target, key) => (key === 'dispose' || key === 'asyncDispose' ? undefined : Reflect.get(RealSymbol, key)),
    });
    vi.resetModules();
    vi.stubGlobal('Symbol', withoutDispose);
    let fresh: typeof import('./index');
    try {
      fresh = await import('./index');
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
    const semaphore = new fresh.Semaphore(2);
    const permit = await semaphore.acquireMany(2);
    const disposers = permit as unknown as Record<symbol, () => unknown>;
    expect(typeof disposers[Symbol.for('Symbol.dispose')]).toBe('function');
    expect(typeof disposers[Symbol.for('Symbol.asyncDispose')]).toBe('function');
    disposers[Symbol.for('Symbol.dispose')]?.();
    expect(semaphore.value).toBe(2);
    await disposers[Symbol.for('Symbol.asyncDispose')]?.();
    expect(semaphore.value).toBe(2);
  });
});
