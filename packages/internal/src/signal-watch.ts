import type { SignalWatches } from './signal-watches';

/**
 * The links a waiter carries so that it is its own node in the list of the
 * waiters sharing its signal: listing it allocates nothing.
 */
export interface SignalWaiter<W extends SignalWaiter<W>> {
  /** The watch on this waiter's signal while it waits with one; set by the watch. */
  watch: SignalWatch<W> | undefined;
  /** The next waiter with the same signal, in arrival order; set by the watch. */
  nextSameSignal: W | undefined;
}

/**
 * The one `abort` listener an owner keeps on a signal, however many of its
 * waiters share that signal, with those waiters in a singly linked list in
 * arrival order. One listener per waiter would trip Node's "possible
 * EventTarget memory leak" warning as soon as eleven waiters share a signal,
 * a common case (one signal for a whole batch of work), and
 * `events.setMaxListeners` is Node-only.
 *
 * Made and kept by {@link SignalWatches}; an owner only reads `signal` and
 * takes the waiters out with `shift()` when it hears of an abort.
 */
export class SignalWatch<W extends SignalWaiter<W>> {
  readonly signal: AbortSignal;
  readonly #registry: SignalWatches<W>;
  #first: W | undefined;
  #last: W | undefined;

  constructor(signal: AbortSignal, registry: SignalWatches<W>) {
    this.signal = signal;
    this.#registry = registry;
  }

  /** The earliest waiter still listed; `undefined` once none is. */
  get first(): W | undefined {
    return this.#first;
  }

  append(waiter: W): void {
    waiter.watch = this;
    const last = this.#last;
    if (last === undefined) this.#first = waiter;
    else last.nextSameSignal = waiter;
    this.#last = waiter;
  }

  /** Unlists the earliest waiter and returns it; `undefined` when none is left. */
  shift(): W | undefined {
    const first = this.#first;
    if (first === undefined) return undefined;
    const next = first.nextSameSignal;
    this.#first = next;
    if (next === undefined) this.#last = undefined;
    // Cleared so the waiter can be listed again and keeps no neighbour alive.
    first.nextSameSignal = undefined;
    first.watch = undefined;
    return first;
  }

  /** The listener itself: an object listener needs no closure per signal. */
  handleEvent(): void {
    this.#registry.aborted(this, this.signal.reason);
  }
}
