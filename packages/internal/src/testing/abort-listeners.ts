// Counting a signal's abort listeners, for the tests that hold a limit to one
// listener per signal. Universal: the browser run aliases node:events to
// event-listeners-shim.ts.
import { getEventListeners } from 'node:events';
import { expect } from 'vitest';
import { reaches, track } from './track';

export const abortListeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

/**
 * Starts 12 waits on one signal with `wait` (each must wait), checks they
 * share one abort listener, aborts them all, and checks each rejects with the
 * reason and no listener is left.
 */
export async function abortManyWaitsOnOneSignal(
  wait: (signal: AbortSignal) => Promise<unknown>,
  reactionTime: () => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const waiters = Array.from({ length: 12 }, () => track(wait(controller.signal)));
  await reactionTime();
  expect(abortListeners(controller.signal)).toBe(1);
  const reason = new Error('all of them');
  controller.abort(reason);
  for (const waiter of waiters) {
    await reaches(waiter, 'rejected');
    expect(waiter.reason).toBe(reason);
  }
  expect(abortListeners(controller.signal)).toBe(0);
}
