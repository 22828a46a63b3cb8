import { describeValue } from '@aiox/internal';
import { joinStacks } from './caller-stack';
import { decodeValue } from './decode-value';
import type { EncodedError } from './encoded';
import { encodeValue, newEncodeState } from './encode-value';

/**
 * Turns anything thrown into plain data that crosses a worker boundary
 * (`postMessage` or `serialization: 'advanced'` IPC) without losing what
 * structured clone drops. Kept:
 *
 * - for an error: its built-in class (a subclass maps to the built-in it
 *   extends), `name`, `message`, `stack`, `cause` (recursively),
 *   an AggregateError's `errors`, and its own enumerable properties
 *   (`code`, `errno`, `syscall`, custom fields);
 * - for any other throwable (`throw 'x'`, `throw { code: 1 }`): the value.
 *
 * A part that cannot be copied (a function, a symbol, a Proxy, a WeakMap, a
 * Blob, which a child process cannot receive) is replaced by a description
 * that decodes to `'[not copied: a function (retry)]'`. Errors or containers
 * seen twice (a cause that is the error itself) are sent once and referenced.
 * Errors nested deeper than 16 levels (`MAX_ENCODE_DEPTH`) are cut to a
 * description. Never throws.
 */
export function encodeError(error: unknown): EncodedError {
  try {
    return encodeValue(error, newEncodeState(), 0);
  } catch (failure) {
    // not reached by design; kept so encoding an error can never replace it with another
    let reason: string;
    try {
      reason = failure instanceof Error ? failure.message : describeValue(failure);
    } catch {
      reason = 'unknown';
    }
    return { $: 'lost', description: `a thrown value that could not be encoded (${reason})` };
  }
}

export interface DecodeErrorOptions {
  /**
   * The caller's stack from when it submitted the task (see
   * `captureCallerStack`). When given, a decoded error's stack is the
   * worker's stack, a `    at <worker boundary>` line, then these frames: the
   * reader sees both where it failed in the worker and where it was called
   * from. Only the outermost error gets it; causes keep the worker's stack.
   */
  readonly callerStack?: string | undefined;
}

/**
 * Rebuilds what `encodeError` encoded. An error comes back as an instance of
 * the same built-in class (`instanceof TypeError` holds), with the same
 * `name`, `message`, `cause`, `errors` and own properties, and the worker's
 * stack. A user class cannot cross (the caller's side may not have it): a
 * `ValidationError extends Error` comes back as an `Error` whose `name` is
 * `'ValidationError'`, with its fields as own properties. A thrown value that
 * could not be copied at all (a function) comes back as an `Error` saying what it was.
 */
export function decodeError(encoded: EncodedError, options: DecodeErrorOptions = {}): unknown {
  if (encoded.$ === 'lost') {
    // this codec carries errors both ways (`generate`'s throw(e) goes into the worker): no direction in the wording
    return new Error(`A thrown value could not be copied across the worker boundary: ${encoded.description}.`);
  }
  const decoded = decodeValue(encoded, new Map());
  if (encoded.$ === 'error' && options.callerStack !== undefined && decoded instanceof Error) {
    Object.defineProperty(decoded, 'stack', {
      value: joinStacks(decoded.stack ?? `${decoded.name}: ${decoded.message}`, options.callerStack),
      writable: true,
      enumerable: false,
      configurable: true,
    });
  }
  return decoded;
}
