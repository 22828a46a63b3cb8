/**
 * Lets every pending microtask and due callback run: one event-loop turn
 * (a 0 ms timer where there is no `setImmediate`, as in a browser).
 */
export function flush(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

export interface Tracked<T> {
  status: 'pending' | 'fulfilled' | 'rejected';
  value: T | undefined;
  reason: unknown;
}

/**
 * Watches a promise without awaiting it, so a test can check after a flush
 * whether it settled. Handles the rejection, so none goes unhandled.
 */
export function track<T>(promise: Promise<T>): Tracked<T> {
  const tracked: Tracked<T> = { status: 'pending', value: undefined, reason: undefined };
  promise.then(
    (value) => {
      tracked.status = 'fulfilled';
      tracked.value = value;
    },
    (reason: unknown) => {
      tracked.status = 'rejected';
      tracked.reason = reason;
    },
  );
  return tracked;
}
