// Watching a promise without awaiting it: shared by the semaphore's tests and
// the behavioural suite every aiox semaphore runs. Universal.

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
