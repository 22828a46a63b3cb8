/**
 * Gives a wrapper the `name` and `length` of the function it wraps, so stack
 * traces, logs and arity checks look at the original.
 */
export function keepNameAndLength<W extends (...args: never[]) => unknown>(wrapped: W, fn: (...args: never[]) => unknown): W {
  if (typeof fn.name === 'string') Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
  if (typeof fn.length === 'number') Object.defineProperty(wrapped, 'length', { value: fn.length, configurable: true });
  return wrapped;
}
