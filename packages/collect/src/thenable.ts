/**
 * Helpers for the values that travel through a source: thunks, promises,
 * other thenables and plain values. (`isThenable`, the check before every
 * await, is shared by the aiox packages: `@aiox/internal`.)
 */

export function noop(): void {}

/**
 * Marks a native promise we own but will never await as handled, so its
 * rejection cannot surface as an unhandled rejection. Only native promises:
 * calling `then` on another thenable can have effects (a query builder runs
 * its query on `then`), and we must not start work we were told to drop.
 */
export function markHandled(value: unknown): void {
  if (value instanceof Promise) value.then(undefined, noop);
}
