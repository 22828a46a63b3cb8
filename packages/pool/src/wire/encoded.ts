/**
 * The shapes that cross a worker boundary in place of a thrown value.
 *
 * Every node is a plain object of plain data, so it survives both
 * `postMessage` (worker_threads) and `serialization: 'advanced'` IPC
 * (child_process): both are V8 structured clone, which keeps an Error's
 * class, message, stack and cause but drops its own properties (`code`…),
 * its own `name`, an AggregateError's `errors`, and turns a DOMException
 * into `{}`. Hence this tree instead of the Error itself.
 */

/** Where a value is sent: decides which serializer must accept it. */
export type WireRuntime = 'worker_threads' | 'child_process';

/** The built-in classes a decoded error is rebuilt as; anything else becomes its nearest built-in ancestor. */
export type ErrorClassName =
  | 'Error'
  | 'TypeError'
  | 'RangeError'
  | 'SyntaxError'
  | 'ReferenceError'
  | 'EvalError'
  | 'URIError'
  | 'AggregateError'
  | 'DOMException';

/** A value both serializers accept as it is: sent untouched. */
export interface EncodedPlain {
  readonly $: 'value';
  readonly value: unknown;
}

/** A value that cannot be sent (a function, a symbol, a Proxy…): only its description crosses. */
export interface EncodedLost {
  readonly $: 'lost';
  readonly description: string;
}

/** A second sighting of an error or container already encoded (shared or circular reference). */
export interface EncodedRef {
  readonly $: 'ref';
  readonly id: number;
}

/** A property key with its encoded value. */
export type EncodedEntry = readonly [key: string, value: EncodedValue];

/** An error, taken apart. `id` lets later references (a cause that is the error itself) point back to it. */
export interface EncodedErrorRecord {
  readonly $: 'error';
  readonly id: number;
  /** The built-in constructor to rebuild with (`instanceof` keeps working for these). */
  readonly class: ErrorClassName;
  /** The error's `name`, which may be a subclass's (`ValidationError`) even when `class` is `Error`. */
  readonly name: string;
  readonly message: string;
  /** The stack as it was where the error was thrown; absent when the error had none. */
  readonly stack?: string;
  /** Present only when the error had an own `cause` (which may be `undefined`). */
  readonly cause?: EncodedValue;
  /** An AggregateError's `errors`. */
  readonly errors?: readonly EncodedValue[];
  /** Own enumerable properties (`code`, `errno`, `syscall`, custom fields). */
  readonly props: readonly EncodedEntry[];
}

/** A plain object that had to be taken apart because something inside it could not be sent as is. */
export interface EncodedObject {
  readonly $: 'object';
  readonly id: number;
  readonly entries: readonly EncodedEntry[];
}

/** An array that had to be taken apart; `entries` holds only the keys present (holes stay holes). */
export interface EncodedArray {
  readonly $: 'array';
  readonly id: number;
  readonly length: number;
  readonly entries: readonly EncodedEntry[];
}

export interface EncodedMap {
  readonly $: 'map';
  readonly id: number;
  readonly entries: readonly (readonly [key: EncodedValue, value: EncodedValue])[];
}

export interface EncodedSet {
  readonly $: 'set';
  readonly id: number;
  readonly values: readonly EncodedValue[];
}

export type EncodedValue =
  | EncodedPlain
  | EncodedLost
  | EncodedRef
  | EncodedErrorRecord
  | EncodedObject
  | EncodedArray
  | EncodedMap
  | EncodedSet;

/** What `encodeError` returns: the root of the tree. */
export type EncodedError = EncodedValue;

const TAGS: ReadonlySet<unknown> = new Set(['value', 'lost', 'ref', 'error', 'object', 'array', 'map', 'set']);

/** Whether a received message is an encoded throwable (a cheap shape check of the root, for message dispatch). */
export function isEncodedError(value: unknown): value is EncodedError {
  return typeof value === 'object' && value !== null && TAGS.has((value as { $?: unknown }).$);
}
