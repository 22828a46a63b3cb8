import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type SignalWaiter, type SignalWatch, SignalWatches } from './index';

afterEach(() => {
  vi.restoreAllMocks();
});

class TestWaiter implements SignalWaiter<TestWaiter> {
  watch: SignalWatch<TestWaiter> | undefined = undefined;
  nextSameSignal: TestWaiter | undefined = undefined;
  constructor(readonly name: string) {}
}

/** A registry whose owner records, per abort, the reason and the waiters it was handed. */
function owner(): { watches: SignalWatches<TestWaiter>; aborts: { reason: unknown; waiters: TestWaiter[] }[] } {
  const aborts: { reason: unknown; waiters: TestWaiter[] }[] = [];
  const watches = new SignalWatches<TestWaiter>((watch) => {
    const waiters: TestWaiter[] = [];
    for (let waiter = watch.shift(); waiter !== undefined; waiter = watch.shift()) waiters.push(waiter);
    aborts.push({ reason: watch.signal.reason, waiters });
  });
  return { watches, aborts };
}

const waiters = (count: number, prefix = 'w'): TestWaiter[] =>
  Array.from({ length: count }, (_, i) => new TestWaiter(`${prefix}${i}`));

const listeners = (signal: EventTarget): number => getEventListeners(signal, 'abort').length;

describe('SignalWatches', () => {
  it('adds one abort listener per signal, however many waiters share it', () => {
    const { watches } = owner();
    const shared = new AbortController().signal;
    const other = new AbortController().signal;
    const add = vi.spyOn(shared, 'addEventListener');
    for (const waiter of waiters(50)) watches.watch(shared, waiter);
    watches.watch(other, new TestWaiter('other'));
    expect(add).toHaveBeenCalledTimes(1);
    expect(listeners(shared)).toBe(1);
    expect(listeners(other)).toBe(1);
  });

  it('hands an abort all the waiters of that signal, earliest first, once, and leaves no listener', () => {
    const { watches, aborts } = owner();
    const controller = new AbortController();
    const other = new AbortController();
    const listed = waiters(5);
    for (const waiter of listed) watches.watch(controller.signal, waiter);
    watches.watch(other.signal, new TestWaiter('other'));
    controller.abort('stop');
    expect(aborts).toEqual([{ reason: 'stop', waiters: listed }]);
    expect(listeners(controller.signal)).toBe(0);
    expect(listeners(other.signal)).toBe(1);
    // Unlisted: free of the watch and of each other.
    for (const waiter of listed) {
      expect(waiter.watch).toBeUndefined();
      expect(waiter.nextSameSignal).toBeUndefined();
    }
  });

  it('keeps the listener while any waiter of the signal is listed, then removes that same listener', () => {
    const { watches, aborts } = owner();
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const listed = waiters(3);
    for (const waiter of listed) watches.watch(controller.signal, waiter);
    watches.unwatch(listed[0] as TestWaiter);
    watches.unwatch(listed[1] as TestWaiter);
    expect(remove).not.toHaveBeenCalled();
    watches.unwatch(listed[2] as TestWaiter);
    expect(remove).toHaveBeenCalledTimes(1);
    expect(remove.mock.calls[0]?.[1]).toBe(add.mock.calls[0]?.[1]);
    expect(listeners(controller.signal)).toBe(0);
    controller.abort();
    expect(aborts).toEqual([]);
  });

  it('hands an abort only the waiters still listed', () => {
    const { watches, aborts } = owner();
    const controller = new AbortController();
    const listed = waiters(4);
    for (const waiter of listed) watches.watch(controller.signal, waiter);
    watches.unwatch(listed[0] as TestWaiter);
    watches.unwatch(listed[1] as TestWaiter);
    watches.watch(controller.signal, new TestWaiter('late'));
    controller.abort('gone');
    expect(aborts.map((abort) => abort.waiters.map((waiter) => waiter.name))).toEqual([['w2', 'w3', 'late']]);
  });

  it('listens again, with a new listener, once a signal whose waiters all left gets a new one', () => {
    const { watches, aborts } = owner();
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const waiter = new TestWaiter('again');
    watches.watch(controller.signal, waiter);
    watches.unwatch(waiter);
    watches.watch(controller.signal, waiter);
    expect(add).toHaveBeenCalledTimes(2);
    expect(listeners(controller.signal)).toBe(1);
    controller.abort('later');
    expect(aborts).toEqual([{ reason: 'later', waiters: [waiter] }]);
  });

  it('ignores a waiter that was never watched', () => {
    const { watches } = owner();
    expect(() => watches.unwatch(new TestWaiter('plain'))).not.toThrow();
  });

  it('gives each owner its own listener on a shared signal', () => {
    const one = owner();
    const two = owner();
    const controller = new AbortController();
    one.watches.watch(controller.signal, new TestWaiter('a'));
    two.watches.watch(controller.signal, new TestWaiter('b'));
    two.watches.watch(controller.signal, new TestWaiter('c'));
    expect(listeners(controller.signal)).toBe(2);
    controller.abort();
    expect(one.aborts.map((abort) => abort.waiters.map((waiter) => waiter.name))).toEqual([['a']]);
    expect(two.aborts.map((abort) => abort.waiters.map((waiter) => waiter.name))).toEqual([['b', 'c']]);
  });

  it('sets off no MaxListenersExceededWarning for 50 waiters on one AbortSignal', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on('warning', onWarning);
    try {
      const { watches, aborts } = owner();
      const controller = new AbortController();
      for (const waiter of waiters(50)) watches.watch(controller.signal, waiter);
      controller.abort();
      expect(aborts[0]?.waiters).toHaveLength(50);
      // Node emits warnings a tick later.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('SignalWatches with signal-like objects that call back', () => {
  /** Accepted by shape, as a signal from another realm would be. */
  class FakeSignal extends EventTarget {
    aborted = false;
    reason: unknown = undefined;
    onAdd: (() => void) | undefined = undefined;
    onRemove: (() => void) | undefined = undefined;
    ignoresRemove = false;

    abort(reason: unknown): void {
      this.aborted = true;
      this.reason = reason;
      this.dispatchEvent(new Event('abort'));
    }

    override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
      const onAdd = this.onAdd;
      this.onAdd = undefined;
      onAdd?.();
      super.addEventListener(...args);
    }

    override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
      const onRemove = this.onRemove;
      this.onRemove = undefined;
      onRemove?.();
      if (!this.ignoresRemove) super.removeEventListener(...args);
    }
  }

  const asSignal = (fake: FakeSignal): AbortSignal => fake as unknown as AbortSignal;

  it('leaves no listener when the waiter leaves from inside addEventListener', () => {
    const { watches, aborts } = owner();
    const fake = new FakeSignal();
    const waiter = new TestWaiter('served at once');
    fake.onAdd = () => watches.unwatch(waiter);
    watches.watch(asSignal(fake), waiter);
    expect(listeners(fake)).toBe(0);
    expect(waiter.watch).toBeUndefined();
    // The signal was forgotten too: the next waiter gets a listener.
    const next = new TestWaiter('next');
    watches.watch(asSignal(fake), next);
    expect(listeners(fake)).toBe(1);
    fake.abort('fake');
    expect(aborts).toEqual([{ reason: 'fake', waiters: [next] }]);
  });

  it('gives a waiter watched from inside removeEventListener a listener of its own', () => {
    const { watches, aborts } = owner();
    const fake = new FakeSignal();
    const first = new TestWaiter('first');
    const second = new TestWaiter('second');
    watches.watch(asSignal(fake), first);
    fake.onRemove = () => watches.watch(asSignal(fake), second);
    watches.unwatch(first);
    expect(listeners(fake)).toBe(1);
    fake.abort('fake');
    expect(aborts).toEqual([{ reason: 'fake', waiters: [second] }]);
  });

  it('hands an abort only to the current watch when a stale listener stayed behind', () => {
    const { watches, aborts } = owner();
    const fake = new FakeSignal();
    fake.ignoresRemove = true;
    const gone = new TestWaiter('gone');
    const current = new TestWaiter('current');
    watches.watch(asSignal(fake), gone);
    watches.unwatch(gone);
    watches.watch(asSignal(fake), current);
    expect(listeners(fake)).toBe(2);
    fake.abort('fake');
    expect(aborts).toEqual([{ reason: 'fake', waiters: [current] }]);
  });
});
