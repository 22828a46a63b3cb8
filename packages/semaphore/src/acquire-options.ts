import { assertOptions, assertSignal } from '@aiox/internal';

/** Options of every call that can wait. */
export interface AcquireOptions {
  /**
   * Aborting it while the call waits rejects the call with `signal.reason`
   * and takes nothing; an already aborted signal rejects at once.
   */
  signal?: AbortSignal | undefined;
}

/**
 * Checks `options` and returns its signal; throws on a bad argument, and
 * throws the signal's reason when it has already aborted (a wait then
 * rejects with it at once, as it would on a later abort).
 */
export function readSignal(options: unknown): AbortSignal | undefined {
  assertOptions('options', options);
  if (options === undefined) return undefined;
  const signal = (options as AcquireOptions).signal;
  assertSignal('options.signal', signal);
  if (signal?.aborted) throw signal.reason;
  return signal;
}
