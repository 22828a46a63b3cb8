// A decorated function sees its parameters and globals, nothing of the worker that runs it.
import { describe, expect, it } from 'vitest';
import { DataCloneError } from '@aiox/pool';
import { runDecorator } from './index';

// The decorator worker's names (decorator-worker.ts), the pool's compile step's, and the wrapper's `arguments`.
const WORKER_LOCALS = ['port', 'state', 'target', 'chain', 'fn', 'run', 'reply', 'request', 'id', 'args', 'spinner', 'source', 'arguments'];

describe('runDecorator: what a shipped function sees', () => {
  it.each(WORKER_LOCALS)('cannot see `%s`: the explained ReferenceError', (name) => {
    // Made from text, so no local of this file is involved.
    const reading = runDecorator(new Function(`return () => ${name}`)() as () => unknown);
    let error: unknown;
    try {
      reading();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ReferenceError);
    expect((error as Error).message).toMatch(new RegExp(`\`${name}\`, which does not exist in the worker`));
  });

  it('sees its parameters and globals, and `this` is the global object', () => {
    const fn = runDecorator(new Function('return (x) => [x, typeof structuredClone, this === globalThis]')() as (x: number) => unknown[]);
    expect(fn(1)).toEqual([1, 'function', true]);
  });
});

describe('runDecorator: a value that cannot be copied', () => {
  it('is the pool\'s DataCloneError, a TypeError naming where it sits, as with inThread', () => {
    const echo = runDecorator((value: unknown) => value);
    const make = runDecorator(() => ({ later: () => 2 }));
    for (const call of [() => echo({ retry: () => 1 }), () => make()]) {
      let error: unknown;
      try {
        call();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DataCloneError);
      expect(error).toBeInstanceOf(TypeError);
      expect(error).toMatchObject({ name: 'DataCloneError', code: 'ERR_AIOX_DATA_CLONE' });
    }
    expect(() => echo({ retry: () => 1 })).toThrow(/args\[0\]\.retry is a function/);
    expect(() => make()).toThrow(/result\.later is a function/);
  });
});
