import { types } from 'node:util';
import { serialize } from 'node:v8';
import type { WireRuntime } from './encoded';

/**
 * Whether `v8.serialize` accepts `value` but writes it as an empty object.
 * Node 20 throws on the host objects structured clone can copy (Blob, File,
 * BlockList, SocketAddress); Node >= 22 serializes them as `{}`, losing them
 * silently. Structured clone keeps their class, where it turns any other
 * class instance into a plain object: that tells them apart. The kinds
 * `v8.serialize` keeps are skipped, so a large buffer is never copied here.
 */
function isLostBySerialize(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null || Array.isArray(value)) return false;
  if (ArrayBuffer.isView(value) || types.isAnyArrayBuffer(value) || types.isNativeError(value)) return false;
  if (types.isMap(value) || types.isSet(value) || types.isDate(value) || types.isRegExp(value) || types.isBoxedPrimitive(value)) {
    return false;
  }
  try {
    return Object.getPrototypeOf(structuredClone(value)) !== Object.prototype;
  } catch {
    return false;
  }
}

/** Serializes `value` as a child process's IPC would, throwing where it cannot keep it. */
function serializeForProcess(value: unknown): void {
  serialize(value);
  if (isLostBySerialize(value)) throw new TypeError(`${Object.prototype.toString.call(value)} cannot be serialized for a child process`);
}

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
    if (runtime !== 'worker_threads') serializeForProcess(value);
    return true;
  } catch {
    return false;
  }
}

/** The error the runtime's serializer raises for `value`, or undefined when it accepts it. */
export function sendFailure(value: unknown, runtime: WireRuntime): unknown {
  try {
    if (runtime === 'child_process') serializeForProcess(value);
    else structuredClone(value);
    return undefined;
  } catch (error) {
    return error ?? new Error('serialization failed');
  }
}
