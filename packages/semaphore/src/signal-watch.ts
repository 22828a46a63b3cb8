import type { Waiter } from './waiter';

/**
 * The one `abort` listener a semaphore keeps on a signal, however many of
 * its waiters share that signal. One listener per waiter would trip Node's
 * "possible EventTarget memory leak" warning as soon as eleven waiters share
 * a signal, a common case (one signal for a whole batch of work), and
 * `events.setMaxListeners` is Node-only.
 *
 * Its waiters form a singly linked list in queue order. Grants follow queue
 * order too, so a waiter that leaves the queue without an abort is always
 * the first of its signal's list: no back links are needed.
 */
export class SignalWatch {
  first: Waiter | undefined = undefined;
  #last: Waiter | undefined = undefined;

  constructor(
    readonly signal: AbortSignal,
    readonly onAbort: (watch: SignalWatch) => void,
  ) {}

  append(waiter: Waiter): void {
    waiter.watch = this;
    const last = this.#last;
    if (last === undefined) this.first = waiter;
    else last.nextSameSignal = waiter;
    this.#last = waiter;
  }

  /** Drops the first waiter; true when none is left. */
  removeFirst(): boolean {
    const first = this.first;
    if (first !== undefined) {
      this.first = first.nextSameSignal;
      first.nextSameSignal = undefined;
      first.watch = undefined;
    }
    if (this.first === undefined) this.#last = undefined;
    return this.first === undefined;
  }

  /** Called by the signal on abort (an object listener needs no closure). */
  handleEvent(): void {
    this.onAbort(this);
  }
}
