// Worker side of `transferResult`: finds the ArrayBuffers in a task's result
// and hands them to tinypool as movable, so they cross back without a copy.
import Tinypool from 'tinypool';
import * as workerThreads from 'node:worker_threads';

// Node >= 21 only. Node's own pooled Buffer memory is marked untransferable:
// moving it would throw (Node >= 21) or copy it anyway (Node 20).
const untransferable = (workerThreads as { isMarkedAsUntransferable?: (value: object) => boolean }).isMarkedAsUntransferable;

/**
 * Every distinct `ArrayBuffer` reachable in `value` through arrays, plain
 * objects, Maps, Sets and views. Other objects (class instances, errors) are
 * not searched: their data crosses as a copy.
 */
export function resultBuffers(value: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === null || typeof next !== 'object' || seen.has(next)) continue;
    seen.add(next);
    if (next instanceof ArrayBuffer) {
      if (untransferable?.(next) !== true) buffers.add(next);
    } else if (ArrayBuffer.isView(next)) {
      stack.push(next.buffer);
    } else if (Array.isArray(next)) {
      for (const item of next) stack.push(item);
    } else if (next instanceof Map) {
      for (const [key, item] of next) stack.push(key, item);
    } else if (next instanceof Set) {
      for (const item of next) stack.push(item);
    } else {
      const proto: unknown = Object.getPrototypeOf(next);
      if (proto === Object.prototype || proto === null) for (const item of Object.values(next)) stack.push(item);
    }
  }
  return [...buffers];
}

/**
 * Wraps a worker's answer so that tinypool's thread worker posts it with
 * `buffers` in its transfer list (its documented `Tinypool.move` protocol:
 * an object carrying the value and the list under tinypool's symbols).
 */
export function movable<T extends object>(answer: T, buffers: readonly ArrayBuffer[]): T {
  const wrapped = {
    [Tinypool.transferableSymbol]: buffers,
    [Tinypool.valueSymbol]: answer,
  };
  return Tinypool.move(wrapped as unknown as ArrayBuffer) as unknown as T;
}

/**
 * The result with its buffers moved into a fresh copy (no bytes copied; the
 * clone doubles as the check that it can be sent), or undefined when it
 * cannot be cloned that way: the caller then checks and copies as usual.
 */
export function moveResult(value: unknown): { readonly value: unknown; readonly buffers: ArrayBuffer[] } | undefined {
  const buffers = resultBuffers(value);
  if (buffers.length === 0) return undefined;
  try {
    const [moved, list] = structuredClone([value, buffers], { transfer: buffers });
    return { value: moved, buffers: list };
  } catch {
    return undefined;
  }
}
