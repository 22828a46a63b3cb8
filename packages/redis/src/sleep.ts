import { watchAbort } from './abort-watch';
import { timerDelay } from './timer';

/**
 * Resolves once `performance.now()` reaches `until`, re-arming if the timer
 * fires early (timers may; the clock is what counts). Rejects with the
 * signal's reason if it aborts first, after `onAbort` has run (so the caller
 * can take back what it reserved before anyone sees the rejection). Throws,
 * having set up nothing, when the signal's own code does.
 */
export function sleepUntil(until: number, signal: AbortSignal | undefined, onAbort: () => Promise<void>): Promise<void> {
  let resolve!: () => void;
  let reject!: (reason: unknown) => void;
  const slept = new Promise<void>((resolveSleep, rejectSleep) => {
    resolve = resolveSleep;
    reject = rejectSleep;
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unwatch =
    signal === undefined
      ? undefined
      : watchAbort(signal, () => {
          clearTimeout(timer);
          const reason: unknown = signal.reason;
          void onAbort().finally(() => reject(reason));
        });
  const check = () => {
    const left = until - performance.now();
    if (left > 0) {
      timer = setTimeout(check, timerDelay(Math.ceil(left)));
      return;
    }
    unwatch?.();
    resolve();
  };
  check();
  return slept;
}
