import { types } from 'node:util';
import { describeValue } from '@aiox/internal';
import { describeUnsendable } from './clone-check';
import type { EncodedEntry, EncodedErrorRecord, EncodedLost, EncodedPlain, EncodedValue } from './encoded';
import { builtInClassOf, isErrorValue } from './error-classes';
import { isSendable } from './sendable';

/** How many errors/containers deep the encoder takes values apart; below that, values go as they are (or as a description). */
export const MAX_ENCODE_DEPTH = 16;
// Bounds on the work done for one thrown value: an error is rare, but one
// holding a million-row array must not stall the worker being encoded.
const MAX_NODES = 2_000;
const MAX_ENTRIES = 1_000;

export interface EncodeState {
  nextId: number;
  nodes: number;
  /** Objects being encoded (ancestors of the current one): a second sighting is a cycle. */
  readonly open: Map<object, number>;
  /** Objects already encoded: a second sighting is a shared reference. */
  readonly done: Map<object, EncodedValue>;
}

export function newEncodeState(): EncodeState {
  return { nextId: 0, nodes: 0, open: new Map(), done: new Map() };
}

const plain = (value: unknown): EncodedPlain => ({ $: 'value', value });
const lost = (description: string): EncodedLost => ({ $: 'lost', description });

function leaf(value: unknown): EncodedValue {
  return isSendable(value) ? plain(value) : lost(describeUnsendable(value));
}

type Read = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

function read(owner: object, key: string): Read {
  try {
    return { ok: true, value: (owner as Record<string, unknown>)[key] };
  } catch (error) {
    return { ok: false, error };
  }
}

function readText(owner: object, key: string): string | undefined {
  const result = read(owner, key);
  if (!result.ok || result.value === undefined) return undefined;
  return typeof result.value === 'string' ? result.value : describeValue(result.value);
}

function encodeRead(result: Read, state: EncodeState, depth: number): EncodedValue {
  if (result.ok) return encodeValue(result.value, state, depth);
  return lost(`a getter that throws (${readText(Object(result.error) as object, 'message') ?? describeValue(result.error)})`);
}

function isPlainObject(value: object): boolean {
  try {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) return true;
    // a plain object of another realm (vm context)
    if (typeof proto !== 'object' || Object.getPrototypeOf(proto) !== null) return false;
    const ctor: unknown = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
    return typeof ctor === 'function' && ctor.name === 'Object';
  } catch {
    return false;
  }
}

type Kind = 'error' | 'object' | 'array' | 'map' | 'set';

function kindOf(value: object): Kind | undefined {
  if (isErrorValue(value)) return 'error';
  if (Array.isArray(value)) return 'array';
  if (types.isMap(value)) return 'map';
  if (types.isSet(value)) return 'set';
  if (isPlainObject(value)) return 'object';
  return undefined;
}

/**
 * Takes `value` apart where structured clone would lose something (an error
 * anywhere inside, or a value it rejects) and leaves it whole where it would
 * not, so ordinary data crosses untouched. Never throws.
 */
export function encodeValue(value: unknown, state: EncodeState, depth: number): EncodedValue {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol')) {
    return plain(value);
  }
  if (typeof value !== 'object') return lost(describeUnsendable(value));
  const openId = state.open.get(value);
  if (openId !== undefined) return { $: 'ref', id: openId };
  const done = state.done.get(value);
  if (done !== undefined) return 'id' in done ? { $: 'ref', id: done.id } : done;
  if (types.isProxy(value)) return lost('a Proxy');

  const kind = kindOf(value);
  if (kind === undefined) return leaf(value);
  if (depth >= MAX_ENCODE_DEPTH || state.nodes >= MAX_NODES) {
    if (kind !== 'error') return leaf(value);
    const name = readText(value, 'name') ?? 'Error';
    return lost(`${name}: ${readText(value, 'message') ?? ''} (nested deeper than ${MAX_ENCODE_DEPTH} levels)`);
  }

  state.nodes++;
  const id = state.nextId++;
  state.open.set(value, id);
  try {
    const result = encodeKind(kind, value, id, state, depth);
    state.done.set(value, result);
    return result;
  } finally {
    state.open.delete(value);
  }
}

function encodeKind(kind: Kind, value: object, id: number, state: EncodeState, depth: number): EncodedValue {
  switch (kind) {
    case 'error':
      return encodeErrorRecord(value as Error, id, state, depth);
    case 'map': {
      const map = value as Map<unknown, unknown>;
      if (map.size > MAX_ENTRIES) return leaf(value);
      const entries = [...map].map(([k, v]) => [encodeValue(k, state, depth + 1), encodeValue(v, state, depth + 1)] as const);
      return entries.every(([k, v]) => k.$ === 'value' && v.$ === 'value') ? plain(value) : { $: 'map', id, entries };
    }
    case 'set': {
      const set = value as Set<unknown>;
      if (set.size > MAX_ENTRIES) return leaf(value);
      const values = [...set].map((v) => encodeValue(v, state, depth + 1));
      return values.every((v) => v.$ === 'value') ? plain(value) : { $: 'set', id, values };
    }
    default: {
      const keys = Object.keys(value);
      if (keys.length > MAX_ENTRIES) return leaf(value);
      const entries: EncodedEntry[] = keys.map((key) => [key, encodeRead(read(value, key), state, depth + 1)]);
      if (entries.every(([, v]) => v.$ === 'value')) return plain(value);
      return kind === 'array'
        ? { $: 'array', id, length: (value as unknown[]).length, entries }
        : { $: 'object', id, entries };
    }
  }
}

// Read through dedicated fields, so never repeated among the own properties.
const RESERVED = new Set(['name', 'message', 'stack', 'cause']);

function encodeErrorRecord(error: Error, id: number, state: EncodeState, depth: number): EncodedErrorRecord {
  const className = builtInClassOf(error);
  const name = readText(error, 'name') ?? className;
  const stack = readText(error, 'stack');
  const hasCause = Object.prototype.hasOwnProperty.call(error, 'cause');
  const cause = hasCause ? encodeRead(read(error, 'cause'), state, depth + 1) : undefined;
  const rawErrors = className === 'AggregateError' ? read(error, 'errors') : undefined;
  const errors =
    rawErrors?.ok === true && Array.isArray(rawErrors.value)
      ? (rawErrors.value as unknown[]).slice(0, MAX_ENTRIES).map((item) => encodeValue(item, state, depth + 1))
      : undefined;

  let keys: string[];
  try {
    keys = Object.keys(error).filter((key) => !RESERVED.has(key) && !(errors !== undefined && key === 'errors'));
  } catch {
    keys = [];
  }
  const props: EncodedEntry[] = keys
    .slice(0, MAX_ENTRIES)
    .map((key) => [key, encodeRead(read(error, key), state, depth + 1)]);

  return {
    $: 'error',
    id,
    class: className,
    name,
    message: readText(error, 'message') ?? '',
    ...(stack === undefined ? {} : { stack }),
    ...(cause === undefined ? {} : { cause }),
    ...(errors === undefined ? {} : { errors }),
    props,
  };
}
