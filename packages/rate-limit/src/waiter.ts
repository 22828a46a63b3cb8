import type { SignalWaiter, SignalWatch } from '@aiox/internal';

function ignore(): void {}

/**
 * One call waiting for its start slot. It is its own node in the queue and
 * in the list of waiters that share its signal, so waiting allocates the
 * waiter and its promise, nothing per signal beyond the first wait on it.
 */
export class Waiter implements SignalWaiter<Waiter> {
  /** Neighbours in the scheduler's FIFO queue. */
  prev: Waiter | undefined = undefined;
  next: Waiter | undefined = undefined;
  /** The listener on this waiter's signal, if it has one. */
  watch: SignalWatch<Waiter> | undefined = undefined;
  /** The next waiter with the same signal, in queue order. */
  nextSameSignal: Waiter | undefined = undefined;
  resolve: () => void = ignore;
  reject: (reason: unknown) => void = ignore;
  readonly promise: Promise<void>;

  constructor() {
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}
