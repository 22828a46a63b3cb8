/**
 * Helpers for the values that travel through a source: thunks, promises,
 * other thenables and plain values.
 */

export function noop(): void {}

/**
 * Whether awaiting `value` would wait. Checked before every `await` so that a
 * task that returns a plain value costs no microtask (and no promise), which
 * is most of the difference between us and a hand-written loop on CPU-bound
 * work. Reading `then` may throw (a hostile getter): callers are inside the
 * task's try, so that counts as the task's failure, as it would for `await`.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Marks a native promise we own but will never await as handled, so its
 * rejection cannot surface as an unhandled rejection. Only native promises:
 * calling `then` on another thenable can have effects (a query builder runs
 * its query on `then`), and we must not start work we were told to drop.
 */
export function markHandled(value: unknown): void {
  if (value instanceof Promise) value.then(undefined, noop);
}
