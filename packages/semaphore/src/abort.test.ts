import { afterEach, describe, expect, it, vi } from 'vitest';
import { flush, track } from '../test/helpers';
import { faultySignal, SIGNAL_FAULTS } from '@aiox/internal/faulty-signal';
import { BoundedSemaphore, Semaphore } from './index';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('an already aborted signal', () => {
  it('rejects at once with signal.reason, even when a permit is free, and takes nothing', async () => {
    const semaphore = new Semaphore(3);
    const reason = new Error('stop');
    const signal = AbortSignal.abort(reason);
    await expect(semaphore.acquire({ signal })).rejects.toBe(reason);
    await expect(semaphore.acquireMany(2, { signal })).rejects.toBe(reason);
    expect(semaphore.value).toBe(3);
    expect(semaphore.waiting).toBe(0);
  });

  it('rejects with the default AbortError when abort() had no reason', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(new Semaphore(1).acquire({ signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('aborting a waiter', () => {
  it.each([
    ['head', 0],
    ['middle', 1],
    ['tail', 2],
  ])('removes the %s waiter and serves the others in order', async (_where, aborted) => {
    const semaphore = new Semaphore(0);
    const controllers = [0, 1, 2].map(() => new AbortController());
    const order: number[] = [];
    const waiters = controllers.map((controller, i) =>
      track(semaphore.acquire({ signal: controller.signal }).then(() => order.push(i))),
    );
    const reason = new Error(`abort ${aborted}`);
    controllers[aborted]?.abort(reason);
    await flush();
    expect(waiters[aborted]?.status).toBe('rejected');
    expect(waiters[aborted]?.reason).toBe(reason);
    expect(semaphore.waiting).toBe(2);
    expect(semaphore.value).toBe(0);

    semaphore.release(3);
    await flush();
    expect(order).toEqual([0, 1, 2].filter((i) => i !== aborted));
    expect(semaphore.value).toBe(1); // the aborted waiter's permit was never taken
  });

  it('lets the waiters behind an aborted big request through at once', async () => {
    const semaphore = new Semaphore(2);
    semaphore.tryAcquire();
    const controller = new AbortController();
    const big = track(semaphore.acquireMany(2, { signal: controller.signal }));
    const small = track(semaphore.acquire());
    await flush();
    expect(small.status).toBe('pending'); // blocked by the big request at the head
    controller.abort();
    await flush();
    expect(big.status).toBe('rejected');
    expect(small.status).toBe('fulfilled');
    expect(semaphore.value).toBe(0);
    expect(semaphore.waiting).toBe(0);
  });

  it('rejects acquireMany with signal.reason and leaks no permit', async () => {
    const semaphore = new Semaphore(1);
    const controller = new AbortController();
    const many = semaphore.acquireMany(3, { signal: controller.signal });
    semaphore.release();
    controller.abort('enough');
    await expect(many).rejects.toBe('enough');
    expect(semaphore.value).toBe(2);
    expect(semaphore.waiting).toBe(0);
  });

  it('takes its abort listener off once the waiter is served', async () => {
    const semaphore = new Semaphore(0);
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const waiter = semaphore.acquire({ signal: controller.signal });
    expect(add).toHaveBeenCalledTimes(1);
    semaphore.release();
    await waiter;
    expect(remove).toHaveBeenCalledTimes(1);
    expect(remove.mock.calls[0]?.[1]).toBe(add.mock.calls[0]?.[1]);
    // A late abort finds nothing to do.
    controller.abort();
    expect(semaphore.value).toBe(0);
    expect(semaphore.waiting).toBe(0);
  });

  it('adds no listener when the call does not wait', async () => {
    const semaphore = new Semaphore(2);
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    await semaphore.acquire({ signal: controller.signal });
    await semaphore.acquireMany(1, { signal: controller.signal });
    expect(add).not.toHaveBeenCalled();
  });
});

describe('a signal shared by many waiters', () => {
  it('uses one listener, warns about nothing and rejects them all in order', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    // Node's leak warning; a browser has no process, nor the warning.
    globalThis.process?.on('warning', onWarning);
    try {
      const semaphore = new Semaphore(0);
      const controller = new AbortController();
      const add = vi.spyOn(controller.signal, 'addEventListener');
      const rejected: number[] = [];
      const waiters = Array.from({ length: 50 }, (_, i) =>
        semaphore.acquire({ signal: controller.signal }).catch(() => rejected.push(i)),
      );
      const unrelated = track(semaphore.acquire());
      expect(add).toHaveBeenCalledTimes(1);
      expect(semaphore.waiting).toBe(51);

      controller.abort();
      await Promise.all(waiters);
      expect(rejected).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(semaphore.waiting).toBe(1);
      semaphore.release();
      await flush();
      expect(unrelated.status).toBe('fulfilled');
      await flush();
      expect(warnings).toEqual([]);
    } finally {
      globalThis.process?.off('warning', onWarning);
    }
  });

  it('keeps listening while some of its waiters are still queued', async () => {
    const semaphore = new Semaphore(0);
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const first = track(semaphore.acquire({ signal: controller.signal }));
    const second = track(semaphore.acquire({ signal: controller.signal }));
    semaphore.release();
    await flush();
    expect(first.status).toBe('fulfilled');
    expect(remove).not.toHaveBeenCalled();
    controller.abort();
    await flush();
    expect(second.status).toBe('rejected');
    expect(semaphore.value).toBe(0);
    expect(semaphore.waiting).toBe(0);
  });

  it('listens again after its waiters were all served', async () => {
    const semaphore = new Semaphore(0);
    const controller = new AbortController();
    const first = semaphore.acquire({ signal: controller.signal });
    semaphore.release();
    await first;
    const second = track(semaphore.acquire({ signal: controller.signal }));
    controller.abort('later');
    await flush();
    expect(second.status).toBe('rejected');
    expect(second.reason).toBe('later');
    expect(semaphore.waiting).toBe(0);
  });
});

describe('grant and abort racing', () => {
  it('keeps a grant that happened before the abort (the grant wins)', async () => {
    const semaphore = new Semaphore(0);
    const controller = new AbortController();
    const waiter = semaphore.acquire({ signal: controller.signal });
    semaphore.release(); // resolves the waiter...
    controller.abort(); // ...before the awaiting code has run
    await expect(waiter).resolves.toBeUndefined();
    expect(semaphore.value).toBe(0); // the permit is held, counted once
    semaphore.release();
    expect(semaphore.value).toBe(1);
  });

  it('does not grant a waiter whose signal aborted while an earlier abort listener released', async () => {
    const semaphore = new Semaphore(0);
    const controller = new AbortController();
    // This listener runs before the semaphore's, and releases a permit while
    // the signal already reads aborted.
    controller.signal.addEventListener('abort', () => semaphore.release());
    const waiter = track(semaphore.acquire({ signal: controller.signal }));
    const other = track(semaphore.acquire());
    controller.abort('gone');
    await flush();
    expect(waiter.status).toBe('rejected');
    expect(waiter.reason).toBe('gone');
    expect(other.status).toBe('fulfilled'); // the released permit went to the next in line
    expect(semaphore.value).toBe(0);
    expect(semaphore.waiting).toBe(0);
  });
});

describe('signal-like objects', () => {
  /** Accepted by shape, as a signal from another realm would be. */
  class FakeSignal extends EventTarget {
    aborted = false;
    reason: unknown = undefined;
    onAdd: (() => void) | undefined = undefined;

    abort(reason: unknown): void {
      this.aborted = true;
      this.reason = reason;
      this.dispatchEvent(new Event('abort'));
    }

    override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
      this.onAdd?.();
      super.addEventListener(...args);
    }
  }

  it('cancels a waiter through any object shaped like an AbortSignal', async () => {
    const semaphore = new Semaphore(0);
    const signal = new FakeSignal();
    const waiter = track(semaphore.acquire({ signal: signal as unknown as AbortSignal }));
    signal.abort('fake');
    await flush();
    expect(waiter.status).toBe('rejected');
    expect(waiter.reason).toBe('fake');
    expect(semaphore.waiting).toBe(0);
  });

  it('stays consistent when the signal calls back into the semaphore while it is registered', async () => {
    const semaphore = new Semaphore(0);
    const signal = new FakeSignal();
    signal.onAdd = () => {
      signal.onAdd = undefined;
      semaphore.release(); // serves the waiter being registered
    };
    const waiter = track(semaphore.acquire({ signal: signal as unknown as AbortSignal }));
    await flush();
    expect(waiter.status).toBe('fulfilled');
    signal.abort('late'); // the grant won: nothing to undo
    expect(semaphore.value).toBe(0);
    expect(semaphore.waiting).toBe(0);
    semaphore.release();
    expect(semaphore.value).toBe(1);
  });
});

describe('a signal that fails while the wait is being set up', () => {
  const calls = [
    ['Semaphore#acquire', () => new Semaphore(0), (s: Semaphore, signal: AbortSignal) => s.acquire({ signal })],
    ['Semaphore#acquireMany', () => new Semaphore(0), (s: Semaphore, signal: AbortSignal) => s.acquireMany(1, { signal })],
    ['BoundedSemaphore#acquire', () => takeAll(new BoundedSemaphore(1)), (s: Semaphore, signal: AbortSignal) => s.acquire({ signal })],
    ['BoundedSemaphore#acquireMany', () => takeAll(new BoundedSemaphore(1)), (s: Semaphore, signal: AbortSignal) => s.acquireMany(1, { signal })],
  ] as const;

  function takeAll(semaphore: BoundedSemaphore): BoundedSemaphore {
    expect(semaphore.tryAcquire()).toBe(true);
    return semaphore;
  }

  describe.each(SIGNAL_FAULTS)('its %s throws', (fault) => {
    it.each(calls)('%s rejects with the error, leaves no waiter, and the next release is free', async (_call, make, call) => {
      const semaphore = make();
      const error = new Error(`${fault} failed`);
      let result: Promise<unknown> | undefined;
      let thrown: unknown;
      try {
        result = call(semaphore, faultySignal(fault, error));
      } catch (caught) {
        thrown = caught;
      }
      // Left queued, a ghost waiter would take the next release for nobody.
      expect(semaphore.waiting).toBe(0);
      semaphore.release();
      expect(semaphore.tryAcquire()).toBe(true);
      expect(thrown).toBeUndefined();
      await expect(result).rejects.toBe(error);
    });
  });
});
