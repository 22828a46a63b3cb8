/**
 * Resolves once `performance.now()` reaches `until`, re-arming if the timer
 * fires early (timers may; the clock is what counts). Rejects with the
 * signal's reason if it aborts first, after `onAbort` has run (so the caller
 * can take back what it reserved before anyone sees the rejection).
 */
export function sleepUntil(until: number, signal: AbortSignal | undefined, onAbort: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const abort = () => {
      clearTimeout(timer);
      const reason: unknown = signal?.reason;
      void onAbort().finally(() => reject(reason));
    };
    const check = () => {
      const left = until - performance.now();
      if (left > 0) {
        timer = setTimeout(check, Math.ceil(left));
        return;
      }
      signal?.removeEventListener('abort', abort);
      resolve();
    };
    signal?.addEventListener('abort', abort, { once: true });
    check();
  });
}
