import { describeValue } from './describe';

/**
 * Argument checks shared by every aiox package, so that each one words its
 * errors the same way: `RangeError` for a number out of range, `TypeError`
 * for a wrong type, both naming the parameter and the value received.
 */

export function assertInteger(name: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be an integer >= ${min} (received ${describeValue(value)})`);
  }
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min} (received ${describeValue(value)})`);
  }
}

/** A finite number above `min` (or at least `min` with `inclusive`). */
export function assertNumber(
  name: string,
  value: unknown,
  min: number,
  inclusive: boolean,
): asserts value is number {
  const rule = `${name} must be a finite number ${inclusive ? '>=' : '>'} ${min}`;
  if (typeof value !== 'number') throw new TypeError(`${rule} (received ${describeValue(value)})`);
  if (!Number.isFinite(value) || (inclusive ? value < min : value <= min)) {
    throw new RangeError(`${rule} (received ${describeValue(value)})`);
  }
}

/** `undefined`, or a plain options object (not null, not an array, not a function). */
export function assertOptions(name: string, value: unknown): asserts value is object | undefined {
  if (value === undefined) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object or undefined (received ${describeValue(value)})`);
  }
}

export function assertFunction(name: string, value: unknown): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') {
    throw new TypeError(`${name} must be a function (received ${describeValue(value)})`);
  }
}

/**
 * `undefined` or an AbortSignal. Checked by shape rather than `instanceof`
 * so a signal from another realm (an iframe, a vm context) is accepted.
 */
export function assertSignal(name: string, value: unknown): asserts value is AbortSignal | undefined {
  if (value === undefined) return;
  const candidate = value as Partial<AbortSignal> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.aborted !== 'boolean' ||
    typeof candidate.addEventListener !== 'function' ||
    typeof candidate.removeEventListener !== 'function'
  ) {
    throw new TypeError(`${name} must be an AbortSignal or undefined (received ${describeValue(value)})`);
  }
}
