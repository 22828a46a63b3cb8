import { asyncDisposeSymbol, disposeSymbol } from './dispose-symbols';

/**
 * Permits taken together by `Semaphore#acquireMany`. Give them back
 * with `release()`, or let `using` / `await using` do it at the end of the
 * scope.
 *
 * @example
 * ```ts
 * const semaphore = new Semaphore(5);
 * {
 *   await using permit = await semaphore.acquireMany(3);
 *   console.log(semaphore.value); // 2
 * }
 * console.log(semaphore.value); // 5
 * ```
 */
export interface Permit extends Disposable, AsyncDisposable {
  /**
   * Gives the permits back to the semaphore. Idempotent: only the first call
   * releases; later calls (including the one `using` makes at scope end) do
   * nothing. Throws, and stays unreleased, only if a `BoundedSemaphore`
   * refuses the release because its permits were already given back by
   * plain `release()` calls.
   */
  release(): void;
}

/** What a permit gives its permits back to. */
interface Releaser {
  release(times: number): void;
}

export class SemaphorePermit implements Permit {
  #owner: Releaser | undefined;
  readonly #times: number;

  constructor(owner: Releaser, times: number) {
    this.#owner = owner;
    this.#times = times;
  }

  release(): void {
    const owner = this.#owner;
    if (owner === undefined) return;
    // Release before forgetting the owner: if a BoundedSemaphore refuses,
    // nothing changed and the permit is still held.
    owner.release(this.#times);
    this.#owner = undefined;
  }

  [disposeSymbol](): void {
    this.release();
  }

  // Async, so that a refused release rejects the promise instead of throwing.
  async [asyncDisposeSymbol](): Promise<void> {
    this.release();
  }
}
