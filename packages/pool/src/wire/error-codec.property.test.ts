import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeError, encodeError } from './error-codec';

// JSON-ish values with the structured-clone extras nested anywhere inside.
// An own `constructor` key trips vitest's strict type check (it compares `a.constructor`), not the codec.
const key = fc.string().filter((k) => k !== 'constructor');

const valuesWith = (extraLeaf?: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true, maxDepth: 8 },
    fc.oneof(...(extraLeaf === undefined ? [] : [extraLeaf]), fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt()),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: true }),
    fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 }).map((entries) => new Map(entries)),
    fc.array(tie('value'), { maxLength: 3 }).map((values) => new Set(values)),
  ),
})).value;

const cloneable = valuesWith();

// A value structured clone rejects, dropped anywhere in the data.
function callback(): void {}
const PLACEHOLDER = '[not copied: a function (callback)]';
const withCallbacks = valuesWith(fc.constant(callback));

/** What the codec promises: the data, with each function replaced by its placeholder. */
function expected(value: unknown): unknown {
  if (value === callback) return PLACEHOLDER;
  if (Array.isArray(value)) return value.map(expected);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [expected(k), expected(v)]));
  if (value instanceof Set) return new Set([...value].map(expected));
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expected(v)]));
}

// Own property names an error reads through its own fields, not as props.
const propKey = key.filter((k) => !['name', 'message', 'stack', 'cause'].includes(k));

describe('error codec property', () => {
  it('encode → structuredClone → decode keeps cause and own props deep-equal', () => {
    fc.assert(
      fc.property(cloneable, fc.dictionary(propKey, cloneable, { maxKeys: 4, noNullPrototype: true }), fc.string(), (cause, props, message) => {
        const original = Object.assign(new Error(message, { cause }), props);
        const decoded = decodeError(structuredClone(encodeError(original))) as Error;
        expect(decoded).toBeInstanceOf(Error);
        expect(decoded.message).toBe(message);
        expect(decoded.stack).toBe(original.stack);
        expect(decoded.cause).toStrictEqual(cause);
        expect({ ...decoded }).toStrictEqual({ ...original });
      }),
      { numRuns: 300 },
    );
  });

  it('a thrown clonable value round-trips as itself', () => {
    fc.assert(
      fc.property(cloneable, (value) => {
        expect(decodeError(structuredClone(encodeError(value)))).toStrictEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('errors nested in the values keep their own props too', () => {
    fc.assert(
      fc.property(cloneable, fc.string(), (value, code) => {
        const inner = Object.assign(new TypeError('inner'), { code, value });
        const outer = Object.assign(new Error('outer'), { nested: { list: [inner] }, byKey: new Map([[code, inner]]) });
        const decoded = decodeError(structuredClone(encodeError(outer))) as Error & {
          nested: { list: Error[] };
          byKey: Map<string, Error>;
        };
        const decodedInner = decoded.nested.list[0];
        expect(decodedInner).toBeInstanceOf(TypeError);
        expect(decodedInner).toMatchObject({ code });
        expect((decodedInner as unknown as { value: unknown }).value).toStrictEqual(value);
        expect(decoded.byKey.get(code)).toBe(decodedInner);
      }),
      { numRuns: 200 },
    );
  });

  it('uncloneable parts anywhere become placeholders, the rest is kept', () => {
    fc.assert(
      fc.property(withCallbacks, (value) => {
        const encoded = structuredClone(encodeError(new Error('x', { cause: value })));
        expect((decodeError(encoded) as Error).cause).toStrictEqual(expected(value));
      }),
      { numRuns: 300 },
    );
  });
});
