import { types } from 'node:util';
import { describeValue } from '@aiox/internal';
import { DataCloneError } from '../errors';
import type { WireRuntime } from './encoded';
import { sendFailure } from './sendable';

/** What was found that cannot be sent, and where, relative to the value checked. */
export interface Uncloneable {
  /** A JS-like access path from the root: `''` for the root itself, `.callback`, `[2]`, `.get("key")`… */
  readonly path: string;
  /** What sits there: `a function (callback)`, `a Promise`… */
  readonly what: string;
  /** How to fix it, one sentence. */
  readonly hint: string;
}

// The walk only runs after a send already failed, to name the culprit; these
// bounds keep a huge or very deep argument from making that step slow.
const MAX_DEPTH = 64;
const MAX_NODES = 10_000;

const HINTS = {
  function:
    'Send data only: code the worker needs belongs in the task function itself or in a module it imports.',
  symbol: 'Send a string instead.',
  promise: 'Await it and send the value it settles with.',
  weak: 'Copy the entries into a Map or Set first.',
  weakRef: 'Send the object it refers to (deref() it first).',
  proxy: 'Send a plain copy of it instead, such as { ...value }.',
  getter: 'Send a plain copy whose properties are values, not getters.',
  port: 'A MessagePort must be transferred, not copied.',
  processOnly:
    'A child process receives copied data only: send plain data, or use the thread runtime, which can share or transfer it.',
  other: 'Send plain data instead: objects, arrays, strings, numbers, Map, Set, Date, typed arrays, errors.',
} as const;

function identifierLike(key: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(key);
}

function propertyPath(key: string): string {
  return identifierLike(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function mapKeyPath(key: unknown, index: number): string {
  return typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean'
    ? `.get(${JSON.stringify(key)})`
    : `.get(<key #${index}>)`;
}

function errorMessage(error: unknown): string {
  try {
    return error instanceof Error ? error.message : describeValue(error);
  } catch {
    return 'an unreadable error';
  }
}

interface Walk {
  readonly runtime: WireRuntime;
  readonly seen: Set<object>;
  nodes: number;
}

/** The kinds structured clone rejects outright, whatever is inside them. */
function rejectedOutright(value: object, runtime: WireRuntime): Omit<Uncloneable, 'path'> | undefined {
  if (types.isProxy(value)) return { what: 'a Proxy', hint: HINTS.proxy };
  if (types.isPromise(value)) return { what: 'a Promise', hint: HINTS.promise };
  if (types.isWeakMap(value)) return { what: 'a WeakMap', hint: HINTS.weak };
  if (types.isWeakSet(value)) return { what: 'a WeakSet', hint: HINTS.weak };
  if (value instanceof WeakRef) return { what: 'a WeakRef', hint: HINTS.weakRef };
  if (runtime === 'child_process') {
    if (types.isSharedArrayBuffer(value)) return { what: 'a SharedArrayBuffer', hint: HINTS.processOnly };
    if (ArrayBuffer.isView(value) && types.isSharedArrayBuffer(value.buffer)) {
      return { what: `a ${describeValue(value).replace(/^an instance of /, '')} over a SharedArrayBuffer`, hint: HINTS.processOnly };
    }
  }
  return undefined;
}

function visit(value: unknown, path: string, walk: Walk, depth: number): Uncloneable | undefined {
  if (typeof value === 'function') return { path, what: describeValue(value), hint: HINTS.function };
  if (typeof value === 'symbol') return { path, what: `a symbol (${String(value)})`, hint: HINTS.symbol };
  if (typeof value !== 'object' || value === null) return undefined;
  if (walk.seen.has(value) || depth > MAX_DEPTH || walk.nodes >= MAX_NODES) return undefined;
  walk.seen.add(value);
  walk.nodes++;

  const outright = rejectedOutright(value, walk.runtime);
  if (outright !== undefined) return { path, ...outright };

  const inside = visitChildren(value, path, walk, depth);
  if (inside !== undefined) return inside;

  if (!isKnownCloneable(value)) {
    // A host object (MessagePort, Blob on a process…): only the serializer knows.
    const failure = sendFailure(value, walk.runtime);
    if (failure !== undefined) {
      const port = /transfer/i.test(errorMessage(failure));
      return { path, what: describeValue(value), hint: port ? HINTS.port : walk.runtime === 'child_process' ? HINTS.processOnly : HINTS.other };
    }
  }
  return undefined;
}

function isKnownCloneable(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return (
    proto === Object.prototype ||
    proto === null ||
    Array.isArray(value) ||
    types.isMap(value) ||
    types.isSet(value) ||
    types.isDate(value) ||
    types.isRegExp(value) ||
    types.isNativeError(value) ||
    types.isBoxedPrimitive(value) ||
    // shared memory on the process runtime was rejected before we get here
    ArrayBuffer.isView(value) ||
    types.isAnyArrayBuffer(value)
  );
}

function visitChildren(value: object, path: string, walk: Walk, depth: number): Uncloneable | undefined {
  if (types.isMap(value)) {
    let index = 0;
    for (const [key, entry] of value as Map<unknown, unknown>) {
      const found =
        visit(key, `${path}.keys()[${index}]`, walk, depth + 1) ?? visit(entry, `${path}${mapKeyPath(key, index)}`, walk, depth + 1);
      if (found !== undefined) return found;
      index++;
    }
    return undefined;
  }
  if (types.isSet(value)) {
    let index = 0;
    for (const entry of value as Set<unknown>) {
      const found = visit(entry, `${path}.values()[${index}]`, walk, depth + 1);
      if (found !== undefined) return found;
      index++;
    }
    return undefined;
  }
  if (types.isNativeError(value) || value instanceof Error) {
    // structured clone keeps an error's cause, and nothing else of what it holds
    if (!Object.prototype.hasOwnProperty.call(value, 'cause')) return undefined;
    return visitProperty(value, 'cause', path, walk, depth);
  }
  if (ArrayBuffer.isView(value) || types.isAnyArrayBuffer(value) || types.isDate(value) || types.isRegExp(value)) {
    return undefined;
  }
  const isArray = Array.isArray(value);
  for (const key of Object.keys(value)) {
    const found = visitProperty(value, key, path, walk, depth, isArray);
    if (found !== undefined) return found;
  }
  return undefined;
}

function visitProperty(owner: object, key: string, path: string, walk: Walk, depth: number, isArray = false): Uncloneable | undefined {
  const childPath = isArray && /^(0|[1-9]\d*)$/.test(key) ? `${path}[${key}]` : `${path}${propertyPath(key)}`;
  let child: unknown;
  try {
    child = (owner as Record<string, unknown>)[key];
  } catch (error) {
    return { path: childPath, what: `a getter that throws (${errorMessage(error)})`, hint: HINTS.getter };
  }
  return visit(child, childPath, walk, depth + 1);
}

/**
 * The first thing inside `value` that the runtime's serializer cannot copy,
 * with its path, or undefined when the walk finds none. Arrays, plain
 * objects, class instances (as structured clone flattens them), Map and Set
 * entries and error causes are walked, depth- and size-bounded, cycle-safe;
 * it never throws.
 */
export function findUncloneable(value: unknown, runtime: WireRuntime = 'worker_threads'): Uncloneable | undefined {
  try {
    return visit(value, '', { runtime, seen: new Set(), nodes: 0 }, 0);
  } catch {
    return undefined;
  }
}

/**
 * One sentence naming what cannot be sent and where, for an error message:
 * `args[1].callback is a function (callback), which cannot be copied to
 * another thread. Send data only: …`. `label` names the root (`args[1]`,
 * `the result`). Undefined when nothing uncloneable is found, in which case
 * the caller should fall back to the serializer's own message.
 *
 * Meant to run only after a real `structuredClone`/`postMessage`/`send`
 * failed: it is thorough rather than fast.
 */
export function describeUncloneable(value: unknown, label: string, runtime: WireRuntime = 'worker_threads'): string | undefined {
  const found = findUncloneable(value, runtime);
  if (found === undefined) return undefined;
  const where = runtime === 'child_process' ? 'another process' : 'another thread';
  return `${label}${found.path} is ${found.what}, which cannot be copied to ${where}. ${found.hint}`;
}

/** What a failed send was: `argument 1 to the worker`, `the result back from the worker`. */
export interface DataCloneErrorContext {
  /** Completes "Could not send …": `argument 1 to the worker`. */
  readonly sending: string;
  /** Names the root of `value` in paths: `args[1]`. */
  readonly label: string;
  readonly runtime?: WireRuntime | undefined;
  /** The serializer's own error, kept as `cause`. */
  readonly cause?: unknown;
}

/**
 * The error a call rejects with when its data cannot cross: the pool's
 * `DataCloneError` (a TypeError, named like the DOMException `postMessage`
 * throws), but saying what and where. `Could not send argument 1 to the worker: args[1].callback is a
 * function (callback), which cannot be copied to another thread. Send data only: …`
 */
export function dataCloneError(value: unknown, context: DataCloneErrorContext): DataCloneError {
  const runtime = context.runtime ?? 'worker_threads';
  const detail =
    describeUncloneable(value, context.label, runtime) ??
    `${context.label} could not be copied to ${runtime === 'child_process' ? 'another process' : 'another thread'}` +
      (context.cause === undefined ? '.' : ` (${errorMessage(context.cause)}).`);
  const message = `Could not send ${context.sending}: ${detail}`;
  return context.cause === undefined ? new DataCloneError(message) : new DataCloneError(message, { cause: context.cause });
}

/** A short description of a value that could not be sent, for the `[not copied: …]` placeholder. */
export function describeUnsendable(value: unknown, runtime?: WireRuntime): string {
  try {
    const found = findUncloneable(value, runtime ?? 'child_process');
    if (found === undefined || found.path === '') return found?.what ?? describeValue(value);
    return `${describeValue(value)} whose ${found.path.replace(/^\./, '')} is ${found.what}`;
  } catch {
    return 'a value';
  }
}

/**
 * The error for task arguments that could not be sent: names the first
 * argument that holds something uncloneable and the path inside it
 * (`Could not send argument 1 to the worker: args[1].callback is a function…`).
 * Arguments are numbered from 0, as in the `args[i]` paths.
 */
export function argumentsCloneError(args: readonly unknown[], runtime: WireRuntime, cause?: unknown): DataCloneError {
  const base = { runtime, ...(cause === undefined ? {} : { cause }) };
  for (const [index, arg] of args.entries()) {
    if (findUncloneable(arg, runtime) !== undefined) {
      return dataCloneError(arg, { ...base, sending: `argument ${index} to the worker`, label: `args[${index}]` });
    }
  }
  return dataCloneError(args, { ...base, sending: 'the arguments to the worker', label: 'args' });
}

/** The error for a task result that could not be sent back (`result.handle is a function…`). */
export function resultCloneError(result: unknown, runtime: WireRuntime, cause?: unknown): DataCloneError {
  return dataCloneError(result, {
    runtime,
    sending: 'the result back from the worker',
    label: 'result',
    ...(cause === undefined ? {} : { cause }),
  });
}
