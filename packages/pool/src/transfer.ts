import { describeValue } from '@aiox/internal';
import * as workerThreads from 'node:worker_threads';
import { MessagePort } from 'node:worker_threads';
import { DataCloneError } from './errors';
import type { Runtime } from './runtime/adapter';

/**
 * What `options.transfer` may list: an `ArrayBuffer`, a view over one (a
 * typed array, a `Buffer`, a `DataView`: its whole buffer moves), or a
 * `MessagePort` (threads only).
 *
 * @example
 * ```ts
 * import { ExecutorPool } from '@aiox/pool';
 * const pool = new ExecutorPool('worker_threads');
 * const pixels = new Uint8Array(64 * 1024 * 1024);
 * // Moved, not copied: `pixels` is empty (detached) from here on.
 * const sum = await pool.call((p: Uint8Array) => p.reduce((a, b) => a + b, 0), [pixels], { transfer: [pixels] });
 * await pool.shutdown();
 * ```
 */
export type TransferItem = ArrayBuffer | ArrayBufferView | MessagePort;

// Node >= 21 only; Node 20 copies such a buffer by itself.
const untransferable = (workerThreads as { isMarkedAsUntransferable?: (value: object) => boolean }).isMarkedAsUntransferable;

/** What is actually handed to tinypool's `transferList`. */
export type Movable = ArrayBuffer | MessagePort;

/** Arguments whose listed buffers and ports now belong to the call. */
export interface MovedArgs {
  readonly args: readonly unknown[];
  readonly transferList: readonly Movable[];
}

/**
 * Checks `options.transfer` and, on the thread runtime, moves the listed
 * buffers and ports into a copy of `args` at once: the caller's buffers are
 * detached when the call starts (not when a queued task reaches a worker, so
 * a write in between cannot race the worker), nothing is copied, and the
 * clone doubles as the check that the arguments can be sent.
 *
 * Returns undefined when there is nothing to move: no list, or the process
 * runtime, where IPC copies every byte anyway and tinypool would drop
 * anything its `transferList` names, so the arguments travel as a plain copy
 * and the caller's buffers stay intact.
 */
export function moveArgs(args: readonly unknown[], runtime: Runtime, transfer: unknown): MovedArgs | undefined {
  if (transfer === undefined) return undefined;
  const list = movables(transfer, runtime);
  if (runtime === 'child_process' || list.length === 0) return undefined;
  let moved: [unknown[], Movable[]];
  try {
    // One clone of both keeps identity: the list's copies are the buffers
    // and ports inside the moved arguments.
    moved = structuredClone([[...args], list], { transfer: list });
  } catch (cause) {
    throw new DataCloneError(`could not send the arguments with options.transfer: ${(cause as Error).message}`, { cause });
  }
  return { args: moved[0], transferList: moved[1] };
}

function movables(transfer: unknown, runtime: Runtime): Movable[] {
  if (!Array.isArray(transfer)) {
    throw new TypeError(`options.transfer must be an array of ArrayBuffers, views or MessagePorts (received ${describeValue(transfer)})`);
  }
  const found = new Set<Movable>();
  for (const [index, item] of (transfer as unknown[]).entries()) {
    const name = `options.transfer[${index}]`;
    if (item instanceof MessagePort) {
      if (runtime === 'child_process') {
        throw new DataCloneError(`${name} is a MessagePort, which cannot cross to a child process: use the worker_threads runtime`);
      }
      found.add(item);
      continue;
    }
    const buffer = ArrayBuffer.isView(item) ? item.buffer : item;
    if (buffer instanceof ArrayBuffer) {
      // The memory pool behind Node's small Buffers: moving it would pull the
      // pool from under every other Buffer (Node >= 21 refuses): copied instead.
      if (untransferable?.(buffer) !== true) found.add(buffer);
      continue;
    }
    const what = typeof SharedArrayBuffer === 'function' && buffer instanceof SharedArrayBuffer
      ? 'a SharedArrayBuffer, which is shared with the worker as it is and cannot be transferred: leave it out of the list'
      : `${describeValue(item)}, not an ArrayBuffer, a view over one or a MessagePort`;
    throw new TypeError(`${name} is ${what}`);
  }
  return [...found];
}
