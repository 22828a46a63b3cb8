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

/**
 * The first value inside `value` (itself included) that a child process's
 * IPC would deliver as `{}`, or undefined: Node >= 22's `v8.serialize` and
 * Node 20's IPC serializer (whose `v8.serialize` throws) both do that to a
 * Blob, a File, a BlockList or a SocketAddress. Walks what the serializer walks (array
 * elements, Map and Set entries, own enumerable properties), each object
 * once; typed arrays and buffers hold no objects and are skipped.
 */
function findLostHostObject(value: unknown): object | undefined {
  const seen = new Set<object>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null || seen.has(next)) continue;
    seen.add(next);
    if (ArrayBuffer.isView(next) || types.isAnyArrayBuffer(next)) continue;
    if (isLostBySerialize(next)) return next;
    if (types.isMap(next)) for (const [key, entry] of next) pending.push(key, entry);
    else if (types.isSet(next)) for (const entry of next) pending.push(entry);
    else for (const key of Object.keys(next)) pending.push((next as Record<string, unknown>)[key]);
  }
  return undefined;
}

/**
 * Throws, as a serializer that refused it would, when a child process's IPC
 * would deliver something inside `value` as `{}`.
 */
export function assertKeptByIpc(value: unknown): void {
  const lost = findLostHostObject(value);
  if (lost !== undefined) throw new TypeError(`${Object.prototype.toString.call(lost)} cannot be serialized for a child process`);
}

/** Serializes `value` as a child process's IPC would, throwing where it cannot keep it. */
function serializeForProcess(value: unknown): void {
  serialize(value);
  assertKeptByIpc(value);
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
