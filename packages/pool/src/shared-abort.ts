/**
 * One `abort` listener per signal, however many calls wait on it at once:
 * a signal shared by many calls (one `collect` passes the same signal to all
 * of its tasks) would otherwise collect a listener a call and set off Node's
 * MaxListenersExceededWarning. Calls leave in any order, so each signal
 * keeps a Set of them. (`SignalWatches` of @aiox/internal is for FIFO queues,
 * whose waiters leave in order.)
 */
export class SharedAbort<T> {
  readonly #bySignal = new Map<AbortSignal, { readonly members: Set<T>; readonly listener: () => void }>();
  readonly #onAbort: (member: T, reason: unknown) => void;

  /** `onAbort` runs for each member still listed when its signal aborts, earliest first. */
  constructor(onAbort: (member: T, reason: unknown) => void) {
    this.#onAbort = onAbort;
  }

  add(signal: AbortSignal, member: T): void {
    const known = this.#bySignal.get(signal);
    if (known !== undefined) {
      known.members.add(member);
      return;
    }
    const members = new Set<T>([member]);
    const listener = (): void => {
      this.#bySignal.delete(signal);
      for (const each of members) this.#onAbort(each, signal.reason);
    };
    this.#bySignal.set(signal, { members, listener });
    signal.addEventListener('abort', listener, { once: true });
  }

  delete(signal: AbortSignal, member: T): void {
    const known = this.#bySignal.get(signal);
    if (known === undefined || !known.members.delete(member) || known.members.size > 0) return;
    this.#bySignal.delete(signal);
    signal.removeEventListener('abort', known.listener);
  }
}
