// A shipped generator function sees its parameters and globals, nothing of the driver that runs it.
import { DataCloneError, PROCESS_POOL, THREAD_POOL } from '@aiox/pool';
import { afterAll, describe, expect, it } from 'vitest';
import { generateInProcess, generateInThread } from './index';
import { RUNTIMES } from './testing/helpers';

afterAll(async () => {
  await Promise.all([THREAD_POOL.shutdown(), PROCESS_POOL.shutdown()]);
});

// The driver's locals (worker-generator.ts) and the pool's, and the wrapper's `arguments`.
const DRIVER_LOCALS = ['fn', 'args', 'port', 'mode', 'iterator', 'inbox', 'step', 'batch', 'credit', 'epoch', 'payload', 'source', 'arguments'];

describe.each(RUNTIMES)('generators in %s', (runtime) => {
  const generate = runtime === 'worker_threads' ? generateInThread : generateInProcess;

  it.each(DRIVER_LOCALS)('cannot see `%s`: the explained ReferenceError', async (name) => {
    // Made from text, so no local of this file is involved.
    const reading = new Function(`return () => [${name}]`)() as () => unknown[];
    const error = await (async (): Promise<unknown> => {
      for await (const value of generate(reading)) return value;
      return undefined;
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReferenceError);
    expect((error as Error).message).toMatch(new RegExp(`\`${name}\`, which does not exist in the worker`));
  });

  it('sees its parameters and globals, and `this` is the global object', async () => {
    const seen: unknown[] = [];
    const fn = new Function('return (x) => [x, typeof structuredClone, this === globalThis]')() as (x: number) => unknown[];
    for await (const value of generate(fn, 1)) seen.push(value);
    expect(seen).toEqual([1, 'function', true]);
  });
});

describe.each(RUNTIMES)('a value that cannot be copied, in %s', (runtime) => {
  const generate = runtime === 'worker_threads' ? generateInThread : generateInProcess;

  it('is the pool\'s DataCloneError, a TypeError naming where it sits, as with inThread', async () => {
    const drain = async (source: AsyncIterable<unknown>): Promise<unknown> => {
      try {
        for await (const _ of source);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const inArgs = await drain(generate(function* (options: { retry: unknown }) { yield options; }, { retry: () => 1 }));
    const yielded = await drain(generate(function* () { yield { later: () => 2 }; }));
    for (const [error, where] of [[inArgs, /args\[0\]\.retry is a function/], [yielded, /the value yielded at position 1 holds a function \(later\) at \.later/]] as const) {
      expect(error).toBeInstanceOf(DataCloneError);
      expect(error).toBeInstanceOf(TypeError);
      expect(error).toMatchObject({ name: 'DataCloneError', code: 'ERR_AIOX_DATA_CLONE', message: expect.stringMatching(where) });
    }
  });
});
