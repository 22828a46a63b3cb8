// Watching a promise without awaiting it: shared by the semaphore's tests and
// the behavioural suites every aiox limit runs. Universal.
import { expect, vi } from 'vitest';

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

/** How long what must happen may take before a test gives up on it: a deadline, not a measurement. */
const DEADLINE_MS = 10_000;

/** Resolves once `tracked` has reached `status`, polling every millisecond; fails the test at the deadline. */
export function reaches<T>(tracked: Tracked<T>, status: Tracked<T>['status']): Promise<void> {
  return vi.waitFor(() => expect(tracked.status).toBe(status), { timeout: DEADLINE_MS, interval: 1 });
}
