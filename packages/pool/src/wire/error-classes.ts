import { types } from 'node:util';
import type { ErrorClassName } from './encoded';

type ErrorConstructorLike = abstract new (...args: never[]) => Error;

/** Most specific first: the first match along the prototype chain wins. */
const BUILT_INS: readonly (readonly [ErrorClassName, ErrorConstructorLike])[] = [
  ['AggregateError', AggregateError],
  ['TypeError', TypeError],
  ['RangeError', RangeError],
  ['SyntaxError', SyntaxError],
  ['ReferenceError', ReferenceError],
  ['EvalError', EvalError],
  ['URIError', URIError],
  ['DOMException', DOMException],
  ['Error', Error],
];

const BY_NAME: ReadonlyMap<string, ErrorClassName> = new Map(BUILT_INS.map(([name]) => [name, name]));

/** Whether `value` is an error of this realm, of another realm (vm), or a DOMException. */
export function isErrorValue(value: unknown): value is Error {
  if (typeof value !== 'object' || value === null) return false;
  try {
    return types.isNativeError(value) || value instanceof Error;
  } catch {
    // a revoked Proxy's getPrototypeOf trap throws
    return false;
  }
}

/**
 * The nearest built-in class of `error`. A user subclass (`class
 * ValidationError extends TypeError`) cannot be rebuilt on the other side,
 * which does not have it, so it maps to the built-in it extends.
 */
export function builtInClassOf(error: Error): ErrorClassName {
  try {
    for (let proto: unknown = Object.getPrototypeOf(error), hops = 0; proto !== null && hops < 64; hops++) {
      for (const [name, ctor] of BUILT_INS) if (proto === ctor.prototype) return name;
      proto = Object.getPrototypeOf(proto);
    }
    // An error of another realm (vm.runInNewContext): same classes, other identities.
    for (let proto: unknown = Object.getPrototypeOf(error), hops = 0; proto !== null && hops < 64; hops++) {
      const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value as { name?: unknown } | undefined;
      const found = typeof ctor?.name === 'string' ? BY_NAME.get(ctor.name) : undefined;
      if (found !== undefined) return found;
      proto = Object.getPrototypeOf(proto);
    }
  } catch {
    // hostile prototype chain: fall through
  }
  return 'Error';
}

/** A fresh instance of the built-in class, without cause or errors yet (they may point back at it). */
export function constructBuiltIn(className: ErrorClassName, name: string, message: string): Error {
  switch (className) {
    case 'AggregateError':
      return new AggregateError([], message);
    case 'DOMException':
      // its `name` (and the legacy `code`) live in an internal slot: only the constructor can set them
      return new DOMException(message, name);
    case 'TypeError':
      return new TypeError(message);
    case 'RangeError':
      return new RangeError(message);
    case 'SyntaxError':
      return new SyntaxError(message);
    case 'ReferenceError':
      return new ReferenceError(message);
    case 'EvalError':
      return new EvalError(message);
    case 'URIError':
      return new URIError(message);
    default:
      return new Error(message);
  }
}
