import { serialize } from 'node:v8';
import type { WireRuntime } from './encoded';

/**
 * Whether `value` survives the serializer of `runtime`, or of both when no
 * runtime is given. The two differ on a few host objects: `structuredClone`
 * (worker_threads) accepts a Blob and a SharedArrayBuffer, `v8.serialize`
 * (child_process, `serialization: 'advanced'`) rejects them. An encoded error
 * must read the same whichever way it travels, so the encoder asks for both.
 */
export function isSendable(value: unknown, runtime?: WireRuntime): boolean {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol')) {
    return true;
  }
  try {
    if (runtime !== 'child_process') structuredClone(value);
    if (runtime !== 'worker_threads') serialize(value);
    return true;
  } catch {
    return false;
  }
}

/** The error the runtime's serializer raises for `value`, or undefined when it accepts it. */
export function sendFailure(value: unknown, runtime: WireRuntime): unknown {
  try {
    if (runtime === 'child_process') serialize(value);
    else structuredClone(value);
    return undefined;
  } catch (error) {
    return error ?? new Error('serialization failed');
  }
}
