/** Options of every call that can wait. */
export interface AcquireOptions {
  /**
   * Aborting it while the call waits rejects the call with `signal.reason`
   * and takes nothing; an already aborted signal rejects at once.
   */
  signal?: AbortSignal | undefined;
}

export { readAcquireSignal as readSignal } from '@aiox/internal';
