import { BlockList, SocketAddress } from 'node:net';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { argumentsCloneError, dataCloneError, describeUncloneable, findUncloneable, resultCloneError } from './clone-check';
import { isSendable } from './sendable';
import { DataCloneError } from '../errors';

describe('findUncloneable', () => {
  it.each([
    ['a function at the root', () => function named() {}, '', 'a function (named)'],
    ['a symbol at the root', () => Symbol('s'), '', 'a symbol (Symbol(s))'],
    ['a nested function', () => ({ options: { callback: () => 0 } }), '.options.callback', 'a function (callback)'],
    ['an array element', () => [1, 2, class Foo {}], '[2]', 'a function (Foo)'],
    ['an odd key', () => ({ 'my key': Symbol.iterator }), '["my key"]', 'a symbol (Symbol(Symbol.iterator))'],
    ['a Map value', () => ({ m: new Map([['k', () => 1]]) }), '.m.get("k")', 'a function'],
    ['a Map key', () => new Map([[Symbol('key'), 1]]), '.keys()[0]', 'a symbol (Symbol(key))'],
    ['a Map value under an object key', () => new Map<unknown, unknown>([[{}, 1], [{}, Promise.resolve()]]), '.get(<key #1>)', 'a Promise'],
    ['a Set element', () => new Set([1, new WeakMap()]), '.values()[1]', 'a WeakMap'],
    ['a WeakSet', () => ({ w: new WeakSet() }), '.w', 'a WeakSet'],
    ['a WeakRef', () => ({ w: new WeakRef({}) }), '.w', 'a WeakRef'],
    ['a Proxy', () => ({ p: new Proxy({ a: 1 }, {}) }), '.p', 'a Proxy'],
    ['an error cause', () => ({ e: new Error('x', { cause: () => 1 }) }), '.e.cause', 'a function (cause)'],
    ['a class instance field', () => ({ inst: new (class Holder { cb = () => 0; })() }), '.inst.cb', 'a function (cb)'],
    ['a MessagePort not transferred', () => ({ port: new MessageChannel().port1 }), '.port', 'an instance of MessagePort'],
  ])('names %s', (_, make, path, what) => {
    const value = make();
    expect(isSendable(value, 'worker_threads')).toBe(false);
    expect(findUncloneable(value)).toMatchObject({ path, what });
    const found = findUncloneable(value);
    if (value !== null && typeof value === 'object' && 'port' in value) (value.port as { close(): void }).close();
    expect(found?.hint.length).toBeGreaterThan(10);
  });

  it('names a getter that throws', () => {
    const value = { get broken(): never { throw new Error('nope'); } };
    expect(findUncloneable(value)).toMatchObject({ path: '.broken', what: 'a getter that throws (nope)' });
  });

  it('finds nothing in clonable data, cycles included', () => {
    const cyclic: Record<string, unknown> = { date: new Date(), re: /x/g, big: 1n, buf: new Uint8Array(3), ab: new ArrayBuffer(2) };
    cyclic.self = cyclic;
    cyclic.list = [cyclic, new Map([[cyclic, new Set([cyclic])]])];
    expect(findUncloneable(cyclic)).toBeUndefined();
    expect(findUncloneable(Object.assign(new Error('x'), { fn: () => 0 }))).toBeUndefined(); // structured clone ignores an error's own props
    expect(findUncloneable({ [Symbol('k')]: () => 0 })).toBeUndefined(); // and symbol keys
  });

  it('tells the process runtime apart: Blob and SharedArrayBuffer cross threads only', () => {
    const value = { blob: new Blob(['x']), shared: new SharedArrayBuffer(8) };
    expect(findUncloneable(value, 'worker_threads')).toBeUndefined();
    expect(findUncloneable(value, 'child_process')).toMatchObject({ path: '.blob', what: 'an instance of Blob' });
    expect(findUncloneable({ shared: new SharedArrayBuffer(8) }, 'child_process')).toMatchObject({ what: 'a SharedArrayBuffer' });
    expect(findUncloneable({ view: new Int32Array(new SharedArrayBuffer(8)) }, 'child_process')).toMatchObject({
      what: 'a Int32Array over a SharedArrayBuffer',
    });
  });

  // Node >= 22 no longer throws on these in v8.serialize: it writes `{}`.
  it.each([
    ['a Blob', () => new Blob(['x'])],
    ['a File', () => new File(['x'], 'x.txt')],
    ['a BlockList', () => new BlockList()],
    ['a SocketAddress', () => new SocketAddress({ address: '127.0.0.1' })],
  ])('finds %s, which a child process would receive as an empty object', (_, make) => {
    expect(isSendable(make(), 'worker_threads')).toBe(true);
    expect(isSendable(make(), 'child_process')).toBe(false);
    expect(isSendable({ plain: 1, date: new Date(0), bytes: new Uint8Array(4) }, 'child_process')).toBe(true);
    expect(findUncloneable({ list: [make()] }, 'child_process')).toMatchObject({ path: '.list[0]', hint: expect.stringMatching(/^A child process/) });
  });

  it('stays bounded on deep and wide values', () => {
    let deep: unknown = () => 0;
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    expect(() => findUncloneable(deep)).not.toThrow();
    const wide = Array.from({ length: 100_000 }, (_, i) => ({ i }));
    const started = performance.now();
    expect(findUncloneable(wide)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('never throws, even on a revoked Proxy', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(() => findUncloneable({ proxy })).not.toThrow();
    expect(findUncloneable({ proxy })).toMatchObject({ path: '.proxy', what: 'a Proxy' });
  });
});

describe('describeUncloneable', () => {
  it('says what, where, and how to fix it, per runtime', () => {
    expect(describeUncloneable({ callback: () => 0 }, 'args[1]')).toBe(
      'args[1].callback is a function (callback), which cannot be copied to another thread. ' +
        'Send data only: code the worker needs belongs in the task function itself or in a module it imports.',
    );
    expect(describeUncloneable({ b: new Blob([]) }, 'args[0]', 'child_process')).toMatch(
      /^args\[0\]\.b is an instance of Blob, which cannot be copied to another process\. A child process receives copied data only/,
    );
    expect(describeUncloneable({ ok: 1 }, 'args[0]')).toBeUndefined();
  });
});

describe('dataCloneError', () => {
  it('is the pool\'s DataCloneError (a TypeError) naming the argument, and keeps the serializer error as cause', () => {
    const args = [1, { callback: () => 0 }];
    let cause: unknown;
    try {
      structuredClone(args);
    } catch (error) {
      cause = error;
    }
    const error = dataCloneError(args[1], { sending: 'argument 1 to the worker', label: 'args[1]', cause });
    expect(error).toBeInstanceOf(DataCloneError);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.name).toBe('DataCloneError');
    expect(error.code).toBe('ERR_AIOX_DATA_CLONE');
    expect(error.message).toMatch(
      /^Could not send argument 1 to the worker: args\[1\]\.callback is a function \(callback\), which cannot be copied to another thread\. Send data only/,
    );
    expect(error.cause).toBe(cause);
  });

  it('falls back to the serializer message when the walk finds nothing', () => {
    const error = dataCloneError({ ok: 1 }, { sending: 'the result', label: 'result', runtime: 'child_process', cause: new Error('odd') });
    expect(error.message).toBe('Could not send the result: result could not be copied to another process (odd).');
  });
});

describe('argumentsCloneError / resultCloneError', () => {
  it('names the first argument that cannot be sent, and the path inside it', () => {
    const error = argumentsCloneError([1, { nested: [new Map([['k', Symbol('s')]])] }], 'child_process', new Error('raw'));
    expect(error.name).toBe('DataCloneError');
    expect(error.message).toMatch(
      /^Could not send argument 1 to the worker: args\[1\]\.nested\[0\]\.get\("k"\) is a symbol \(Symbol\(s\)\), which cannot be copied to another process\. Send a string instead\.$/,
    );
    expect(error.cause).toEqual(new Error('raw'));
  });

  it('falls back to all the arguments when none is found at fault', () => {
    expect(argumentsCloneError([1, 2], 'worker_threads').message).toBe(
      'Could not send the arguments to the worker: args could not be copied to another thread.',
    );
  });

  it('names a result that cannot be sent back', () => {
    expect(resultCloneError({ handle: new WeakRef({}) }, 'worker_threads').message).toBe(
      'Could not send the result back from the worker: result.handle is a WeakRef, which cannot be copied to another thread. ' +
        'Send the object it refers to (deref() it first).',
    );
  });
});
