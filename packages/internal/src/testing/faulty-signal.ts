// Signal-likes that fail while a wait is being set up: the limits accept a
// signal by shape (one from another realm must work), so a hostile or broken
// one must not leave a permit or a slot to nobody. Universal.

/** Which part of the signal fails: adding the abort listener, or reading `aborted`. */
export type SignalFault = 'addEventListener' | 'aborted';

/** A signal-like object, never aborted, whose `fault` throws `error` every time it is used. */
export function faultySignal(fault: SignalFault, error: unknown): AbortSignal {
  const signal = {
    get aborted(): boolean {
      if (fault === 'aborted') throw error;
      return false;
    },
    reason: undefined,
    addEventListener(): void {
      if (fault === 'addEventListener') throw error;
    },
    removeEventListener(): void {},
    dispatchEvent: () => true,
    onabort: null,
    throwIfAborted(): void {},
  };
  return signal as unknown as AbortSignal;
}

export const SIGNAL_FAULTS: readonly SignalFault[] = ['addEventListener', 'aborted'];

/**
 * Calls `call` and returns its promise, failing the test if it threw
 * synchronously: a call that can wait reports every failure as a rejection.
 */
export function callAsync<T>(call: () => Promise<T>): Promise<T> {
  let promise: Promise<T>;
  try {
    promise = call();
  } catch (error) {
    throw new Error(`expected a rejected promise, but the call threw synchronously: ${String(error)}`, { cause: error });
  }
  return promise;
}
