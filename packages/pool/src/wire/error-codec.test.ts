import { deserialize, serialize } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { captureCallerStack, WORKER_BOUNDARY_FRAME } from './caller-stack';
import { type EncodedError, isEncodedError } from './encoded';
import { decodeError, encodeError } from './error-codec';

// Both serializers a task's error travels through: postMessage (threads), advanced IPC (processes).
const transports = [
  ['structuredClone', (value: EncodedError): EncodedError => structuredClone(value)],
  ['v8.serialize', (value: EncodedError): EncodedError => deserialize(serialize(value)) as EncodedError],
] as const;

describe.each(transports)('error codec through %s', (_, transport) => {
  const roundTrip = (value: unknown, callerStack?: string): unknown =>
    decodeError(transport(encodeError(value)), callerStack === undefined ? {} : { callerStack });

  it.each([
    ['Error', () => new Error('e'), Error],
    ['TypeError', () => new TypeError('t'), TypeError],
    ['RangeError', () => new RangeError('r'), RangeError],
    ['SyntaxError', () => new SyntaxError('s'), SyntaxError],
    ['ReferenceError', () => new ReferenceError('f'), ReferenceError],
    ['EvalError', () => new EvalError('v'), EvalError],
    ['URIError', () => new URIError('u'), URIError],
  ] as const)('keeps the class of a %s', (name, make, ctor) => {
    const original = make();
    const decoded = roundTrip(original) as Error;
    expect(decoded).toBeInstanceOf(ctor);
    expect(Object.getPrototypeOf(decoded)).toBe(ctor.prototype);
    expect(decoded.name).toBe(name);
    expect(decoded.message).toBe(original.message);
    expect(decoded.stack).toBe(original.stack);
  });

  it('keeps the stack of where the error was thrown', () => {
    function failingInWorker(): never {
      throw new Error('deep');
    }
    let thrown: unknown;
    try {
      failingInWorker();
    } catch (error) {
      thrown = error;
    }
    const decoded = roundTrip(thrown) as Error;
    expect(decoded.stack).toContain('failingInWorker');
    expect(decoded.stack?.split('\n')[0]).toBe('Error: deep');
  });

  it('keeps code, errno, syscall, path of a Node system error', async () => {
    const { readFile } = await import('node:fs/promises');
    const original = (await readFile('/no/such/file').catch((error: unknown) => error)) as NodeJS.ErrnoException;
    const decoded = roundTrip(original) as NodeJS.ErrnoException;
    expect(decoded).toBeInstanceOf(Error);
    expect(decoded).toMatchObject({ code: 'ENOENT', errno: original.errno, syscall: 'open', path: '/no/such/file' });
    expect(decoded.message).toBe(original.message);
  });

  it('keeps the code of a Node internal TypeError (ERR_INVALID_URL)', () => {
    let original: unknown;
    try {
      new URL('not a url');
    } catch (error) {
      original = error;
    }
    const decoded = roundTrip(original) as TypeError & { code: string; input: string };
    expect(decoded).toBeInstanceOf(TypeError);
    expect(decoded.code).toBe('ERR_INVALID_URL');
    expect(decoded.input).toBe('not a url');
  });

  it('keeps a subclass name and fields on the built-in it extends', () => {
    class ValidationError extends RangeError {
      readonly field = 'age';
      constructor(message: string) {
        super(message);
        this.name = 'ValidationError';
      }
    }
    const decoded = roundTrip(new ValidationError('too old')) as Error & { field: string };
    expect(decoded).toBeInstanceOf(RangeError);
    expect(decoded.name).toBe('ValidationError');
    expect(decoded.field).toBe('age');
    expect(decoded.message).toBe('too old');
    expect(Object.keys(decoded)).toEqual(['field']);
  });

  it('keeps a name set on the prototype (as assert.AssertionError does)', async () => {
    const { AssertionError } = await import('node:assert');
    const original = new AssertionError({ actual: 1, expected: 2, operator: 'strictEqual' });
    const decoded = roundTrip(original) as Error & Record<string, unknown>;
    expect(decoded).toBeInstanceOf(Error);
    expect(decoded.name).toBe('AssertionError');
    expect(decoded).toMatchObject({ code: 'ERR_ASSERTION', actual: 1, expected: 2, operator: 'strictEqual' });
  });

  it('rebuilds a DOMException with its name and legacy code', () => {
    const decoded = roundTrip(new DOMException('stop', 'AbortError')) as DOMException;
    expect(decoded).toBeInstanceOf(DOMException);
    expect(decoded.name).toBe('AbortError');
    expect(decoded.code).toBe(20);
    expect(decoded.message).toBe('stop');
  });

  it('keeps a cause chain, errors and values alike', () => {
    const root = new TypeError('root');
    Object.assign(root, { code: 'E_ROOT' });
    const middle = new Error('middle', { cause: root });
    const top = new RangeError('top', { cause: middle });
    const decoded = roundTrip(top) as Error;
    expect(decoded).toBeInstanceOf(RangeError);
    const decodedMiddle = decoded.cause as Error;
    expect(decodedMiddle.message).toBe('middle');
    expect(decodedMiddle.stack).toBe(middle.stack);
    const decodedRoot = decodedMiddle.cause as Error & { code: string };
    expect(decodedRoot).toBeInstanceOf(TypeError);
    expect(decodedRoot.code).toBe('E_ROOT');
    expect(Object.getOwnPropertyDescriptor(decoded, 'cause')?.enumerable).toBe(false);

    expect((roundTrip(new Error('x', { cause: { status: 503, at: new Date(0) } })) as Error).cause).toEqual({
      status: 503,
      at: new Date(0),
    });
    const withUndefinedCause = roundTrip(new Error('x', { cause: undefined })) as Error;
    expect(Object.hasOwn(withUndefinedCause, 'cause')).toBe(true);
    expect(Object.hasOwn(roundTrip(new Error('x')) as Error, 'cause')).toBe(false);
  });

  it('keeps AggregateError.errors, recursively', () => {
    const inner = new TypeError('inner', { cause: 'why' });
    const original = new AggregateError([new RangeError('a'), inner, 'plain', new AggregateError([new Error('n')], 'nested')], 'many');
    const decoded = roundTrip(original) as AggregateError;
    expect(decoded).toBeInstanceOf(AggregateError);
    expect(decoded.message).toBe('many');
    expect(decoded.errors).toHaveLength(4);
    expect(decoded.errors[0]).toBeInstanceOf(RangeError);
    expect(decoded.errors[1]).toBeInstanceOf(TypeError);
    expect((decoded.errors[1] as Error).cause).toBe('why');
    expect(decoded.errors[2]).toBe('plain');
    expect(decoded.errors[3]).toBeInstanceOf(AggregateError);
    expect((decoded.errors[3] as AggregateError).errors[0]).toBeInstanceOf(Error);
    expect(Object.getOwnPropertyDescriptor(decoded, 'errors')?.enumerable).toBe(false);
  });

  it('replaces own properties that cannot be copied with a description, keeping the rest', () => {
    const original = Object.assign(new Error('bad'), {
      code: 'E_X',
      retry: function retry() {},
      token: Symbol('t'),
      lock: new WeakMap(),
      pending: Promise.resolve(1),
      proxy: new Proxy({}, {}),
      nested: { ok: 1, handler: () => 0, when: new Date(5) },
      list: [1, () => 2],
      data: new Map<unknown, unknown>([['k', new Set([1n])]]),
    });
    original.pending.catch(() => undefined);
    const decoded = roundTrip(original) as Error & Record<string, unknown>;
    expect(decoded.code).toBe('E_X');
    expect(decoded.retry).toBe('[not copied: a function (retry)]');
    expect(decoded.token).toBe('[not copied: a symbol (Symbol(t))]');
    expect(decoded.lock).toBe('[not copied: a WeakMap]');
    expect(decoded.pending).toBe('[not copied: a Promise]');
    expect(decoded.proxy).toBe('[not copied: a Proxy]');
    expect(decoded.nested).toEqual({ ok: 1, handler: '[not copied: a function (handler)]', when: new Date(5) });
    expect(decoded.list).toEqual([1, '[not copied: a function]']);
    expect(decoded.data).toEqual(new Map([['k', new Set([1n])]]));
  });

  it('keeps the code of an error nested in an own property, an array or a Map', () => {
    const inner = Object.assign(new TypeError('inner'), { code: 'E_INNER' });
    const original = Object.assign(new Error('outer'), { original: inner, list: [inner], byKey: new Map([['a', inner]]) });
    const decoded = roundTrip(original) as Error & { original: Error; list: Error[]; byKey: Map<string, Error> };
    expect(decoded.original).toBeInstanceOf(TypeError);
    expect(decoded.original).toMatchObject({ code: 'E_INNER' });
    // one error seen three times stays one object
    expect(decoded.list[0]).toBe(decoded.original);
    expect(decoded.byKey.get('a')).toBe(decoded.original);
  });

  it('survives an error whose cause is itself, and longer cycles', () => {
    const self = new Error('self');
    (self as { cause?: unknown }).cause = self;
    const decodedSelf = roundTrip(self) as Error;
    expect(decodedSelf.cause).toBe(decodedSelf);

    const a = new Error('a');
    const b = new TypeError('b', { cause: a });
    Object.assign(a, { partner: b, box: { back: a } });
    const decodedA = roundTrip(a) as Error & { partner: Error; box: { back: unknown } };
    expect(decodedA.partner).toBeInstanceOf(TypeError);
    expect(decodedA.partner.cause).toBe(decodedA);
    expect(decodedA.box.back).toBe(decodedA);
  });

  it('cuts a cause chain deeper than 16 levels to a description', () => {
    let error = new Error('level 0');
    for (let level = 1; level < 40; level++) error = new Error(`level ${level}`, { cause: error });
    let decoded = roundTrip(error) as Error;
    let depth = 0;
    while (decoded.cause instanceof Error) {
      decoded = decoded.cause;
      depth++;
    }
    expect(depth).toBe(15);
    expect(decoded.cause).toBe('[not copied: Error: level 23 (nested deeper than 16 levels)]');
  });

  it.each([
    ['a string', 'x'],
    ['a number', 42],
    ['undefined', undefined],
    ['null', null],
    ['a bigint', 10n ** 30n],
    ['an object', { code: 1, at: new Date(1), tags: new Set(['a']) }],
    ['an array', [1, 'two', [3]]],
  ])('round-trips %s thrown as itself', (_, value) => {
    expect(roundTrip(value)).toEqual(value);
  });

  it('keeps the copyable part of a thrown object holding a function', () => {
    expect(roundTrip({ code: 1, retry: () => 0 })).toEqual({ code: 1, retry: '[not copied: a function (retry)]' });
  });

  it('turns a thrown function or symbol into an Error saying what it was', () => {
    const fromFunction = roundTrip(function handler() {}) as Error;
    expect(fromFunction).toBeInstanceOf(Error);
    expect(fromFunction.message).toBe('A thrown value could not be copied across the worker boundary: a function (handler).');
    expect((roundTrip(Symbol('s')) as Error).message).toContain('a symbol (Symbol(s))');
  });

  it('joins the caller stack after a boundary line when given one', () => {
    function submitTask(): string {
      return captureCallerStack();
    }
    const callerStack = submitTask();
    const original = new TypeError('failed');
    const decoded = roundTrip(original, callerStack) as Error;
    const lines = decoded.stack?.split('\n') ?? [];
    const boundary = lines.indexOf(WORKER_BOUNDARY_FRAME);
    expect(lines.slice(0, boundary).join('\n')).toBe(original.stack);
    expect(lines[boundary + 1]).toMatch(/^\s+at submitTask /);
    // a cause keeps only its own stack
    const withCause = roundTrip(new Error('top', { cause: original }), callerStack) as Error;
    expect((withCause.cause as Error).stack).toBe(original.stack);
    // a thrown non-error has no stack to join
    expect(roundTrip('x', callerStack)).toBe('x');
  });

  it('never throws while encoding hostile errors', () => {
    const hostile = new Error('h');
    // stack first: V8 formats the lazy stack (reading message) when it is redefined
    Object.defineProperty(hostile, 'stack', { get: () => { throw new Error('no stack'); } });
    Object.defineProperty(hostile, 'message', { get: () => { throw new Error('no message'); } });
    Object.defineProperty(hostile, 'trap', { enumerable: true, get: () => { throw new Error('trap'); } });
    const decoded = roundTrip(hostile) as Error & { trap: string };
    expect(decoded).toBeInstanceOf(Error);
    expect(decoded.message).toBe('');
    expect(decoded.trap).toBe('[not copied: a getter that throws (trap)]');

    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    expect(() => encodeError(revocable.proxy)).not.toThrow();
    expect(() => encodeError(Object.assign(new Error('x'), { big: 1n, self: undefined as unknown }))).not.toThrow();
  });

  it('encodes an error of another realm by its built-in class', () => {
    const foreign = runInNewContext('Object.assign(new TypeError("vm"), { code: "E_VM" })') as unknown;
    const decoded = roundTrip(foreign) as TypeError & { code: string };
    expect(decoded).toBeInstanceOf(TypeError);
    expect(decoded.code).toBe('E_VM');
  });

  it('replaces a Blob, which a child process cannot receive, with a description', () => {
    const decoded = roundTrip(Object.assign(new Error('x'), { body: new Blob(['x']) })) as Error & { body: unknown };
    expect(decoded.body).toBe('[not copied: an instance of Blob]');
  });
});

describe('the encoded form', () => {
  it('is recognised by isEncodedError and is plain data', () => {
    const encoded = encodeError(Object.assign(new Error('x'), { code: 'E' }));
    expect(isEncodedError(encoded)).toBe(true);
    expect(isEncodedError({ message: 'x' })).toBe(false);
    expect(isEncodedError(null)).toBe(false);
    expect(encoded).toMatchObject({ $: 'error', class: 'Error', name: 'Error', message: 'x', props: [['code', { $: 'value', value: 'E' }]] });
  });

  it('leaves clonable data whole instead of taking it apart', () => {
    const cause = { list: [1, 2], map: new Map([[1, 2]]) };
    const encoded = encodeError(new Error('x', { cause }));
    expect(encoded).toMatchObject({ cause: { $: 'value', value: cause } });
  });
});
