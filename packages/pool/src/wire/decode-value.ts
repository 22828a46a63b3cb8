import type { EncodedErrorRecord, EncodedValue } from './encoded';
import { constructBuiltIn } from './error-classes';

/** Decoded containers and errors by id, so references (cycles, shared values) resolve to the same object. */
export type DecodeState = Map<number, unknown>;

/** The placeholder a value that could not be sent decodes to. */
export function lostPlaceholder(description: string): string {
  return `[not copied: ${description}]`;
}

// defineProperty, not assignment: a key like `__proto__` must stay an own property
function define(target: object, key: string, value: unknown, enumerable: boolean): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable, configurable: true });
}

export function decodeValue(node: EncodedValue, state: DecodeState): unknown {
  switch (node.$) {
    case 'value':
      return node.value;
    case 'lost':
      return lostPlaceholder(node.description);
    case 'ref':
      return state.has(node.id) ? state.get(node.id) : lostPlaceholder('a reference that could not be resolved');
    case 'error':
      return decodeErrorRecord(node, state);
    case 'object': {
      const object = {};
      state.set(node.id, object);
      for (const [key, value] of node.entries) define(object, key, decodeValue(value, state), true);
      return object;
    }
    case 'array': {
      const array: unknown[] = new Array(node.length);
      state.set(node.id, array);
      for (const [key, value] of node.entries) define(array, key, decodeValue(value, state), true);
      return array;
    }
    case 'map': {
      const map = new Map<unknown, unknown>();
      state.set(node.id, map);
      for (const [key, value] of node.entries) map.set(decodeValue(key, state), decodeValue(value, state));
      return map;
    }
    case 'set': {
      const set = new Set<unknown>();
      state.set(node.id, set);
      for (const value of node.values) set.add(decodeValue(value, state));
      return set;
    }
    default:
      // not one of ours (a newer peer?): hand it over untouched rather than fail
      return node;
  }
}

function decodeErrorRecord(record: EncodedErrorRecord, state: DecodeState): Error {
  const error = constructBuiltIn(record.class, record.name, record.message);
  state.set(record.id, error);
  // the prototype's name is right for a plain TypeError; a subclass's name must be carried
  if (error.name !== record.name) define(error, 'name', record.name, false);
  if (record.stack === undefined) define(error, 'stack', `${record.name}: ${record.message}`, false);
  else define(error, 'stack', record.stack, false);
  // as the constructors define them: own, non-enumerable
  if (record.cause !== undefined) define(error, 'cause', decodeValue(record.cause, state), false);
  if (record.errors !== undefined) define(error, 'errors', record.errors.map((item) => decodeValue(item, state)), false);
  for (const [key, value] of record.props) define(error, key, decodeValue(value, state), true);
  return error;
}
