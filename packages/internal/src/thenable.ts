/**
 * Whether awaiting `value` would wait: an object or function with a `then`
 * method. Checked before an `await` so that a plain value costs no
 * microtask (and no promise). Reading `then` may throw (a hostile getter):
 * callers are inside a try, so that counts as a failure, as it would for
 * `await`.
 */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
