import { type SignalWaiter, SignalWatch } from './signal-watch';

/** After an abort the signal drops the listener itself; every other way out removes it by hand. */
const ONCE = { once: true } as const;

/**
 * An owner's watches, one per signal that its waiting waiters share, so a
 * signal gets one `abort` listener from this owner however many waits share
 * it. Make it when the first waiter with a signal arrives: an owner that
 * never waits with a signal then pays nothing.
 *
 * The owner must let waiters with the same signal leave without an abort in
 * the order they were watched (a FIFO queue does): `unwatch` takes the first
 * of the list, which keeps it O(1) without back links.
 *
 * A signal is accepted by shape, so its `addEventListener` or
 * `removeEventListener` may run code that calls back into the owner. Each
 * method therefore finishes its own bookkeeping before it calls either, and
 * so should the owner before it calls `watch` or `unwatch`.
 */
export class SignalWatches<W extends SignalWaiter<W>> {
  readonly #watches = new Map<AbortSignal, SignalWatch<W>>();
  readonly #onAbort: (watch: SignalWatch<W>, reason: unknown) => void;

  /**
   * @param onAbort - Called when a watched signal aborts, once per signal,
   *   with its watch still listing every waiter that waits on it, earliest
   *   first: take each out with `watch.shift()`, then reject it with
   *   `reason`. Never called for a watch with no waiter left. Also called,
   *   with the error, when the signal's `addEventListener` throws: no
   *   listener would ever tell those waiters of an abort, so they must not
   *   wait (nor be left queued, to take a grant for nobody).
   */
  constructor(onAbort: (watch: SignalWatch<W>, reason: unknown) => void) {
    this.#onAbort = onAbort;
  }

  /** Lists `waiter` under `signal`, adding a listener only for the signal's first waiter. */
  watch(signal: AbortSignal, waiter: W): void {
    const watches = this.#watches;
    const known = watches.get(signal);
    if (known !== undefined) return known.append(waiter);
    const watch = new SignalWatch<W>(signal, this);
    watches.set(signal, watch);
    watch.append(waiter);
    try {
      signal.addEventListener('abort', watch, ONCE);
      // The signal may have called back and seen the waiter leave before its
      // listener was in place, when `unwatch` had nothing to remove yet.
      if (watch.first === undefined) signal.removeEventListener('abort', watch);
    } catch (error) {
      this.aborted(watch, error);
    }
  }

  /**
   * Unlists a waiter that leaves without an abort (it was served), and drops
   * the signal's listener when no waiter of it is left. The waiter must be
   * the earliest listed for its signal; one without a signal is ignored.
   */
  unwatch(waiter: W): void {
    const watch = waiter.watch;
    if (watch === undefined) return;
    watch.shift();
    if (watch.first !== undefined) return;
    const signal = watch.signal;
    // Forgotten before the listener goes: a waiter that the signal's code
    // adds meanwhile gets a watch and a listener of its own.
    this.#watches.delete(signal);
    signal.removeEventListener('abort', watch);
  }

  /** Called by a watch's listener, or when its listener could not be added. */
  aborted(watch: SignalWatch<W>, reason: unknown): void {
    const signal = watch.signal;
    // A stale watch (emptied while its listener was being added, by a signal
    // that then kept the listener) must not forget the signal's newer watch.
    if (this.#watches.get(signal) === watch) this.#watches.delete(signal);
    if (watch.first !== undefined) this.#onAbort(watch, reason);
  }
}
