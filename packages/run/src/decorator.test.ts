import { moduleTask } from '@aiox/pool';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runDecorator } from './index';
import { POOL_URL, RUN_URL, writeProgram } from './testing/child';

describe('runDecorator: values', () => {
  it('returns the value of an async function synchronously, and of a sync one', () => {
    const add = runDecorator(async (a: number, b: number) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return a + b;
    });
    const upper = runDecorator((text: string) => text.toUpperCase());
    const sum: number = add(2, 3);
    expect(sum).toBe(5);
    expect(upper('abc')).toBe('ABC');
  });

  it('structured-clones arguments and results (a Map, a BigInt, an ArrayBuffer cross intact)', () => {
    const echo = runDecorator((map: Map<string, bigint>, bytes: ArrayBuffer) => ({ map, size: bytes.byteLength, view: new Uint8Array(bytes) }));
    const result = echo(new Map([['big', 2n ** 70n]]), new Uint8Array([1, 2, 3]).buffer);
    expect(result.map.get('big')).toBe(2n ** 70n);
    expect(result.size).toBe(3);
    expect([...result.view]).toEqual([1, 2, 3]);
  });

  it('round-trips any JSON value unchanged (property)', () => {
    const identity = runDecorator(async (value: unknown) => value);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(identity(value)).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('runs a module export with its imports, typed from the module', () => {
    const file = writeProgram(`import { createHash } from 'node:crypto';
      export async function sha1(text) { return createHash('sha1').update(text).digest('hex'); }`);
    const sha1 = runDecorator(moduleTask<(text: string) => Promise<string>>(file, 'sha1'));
    const digest: string = sha1('abc');
    expect(digest).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });

  it('keeps one worker across calls, so state in it persists', () => {
    const count = runDecorator(() => {
      const scope = globalThis as { calls?: number };
      scope.calls = (scope.calls ?? 0) + 1;
      return scope.calls;
    });
    expect([count(), count(), count()]).toEqual([1, 2, 3]);
  });

  it('answers 100,000 calls in a row, each with its own value, through both the fast path and the event loop', () => {
    const twice = runDecorator(async (n: number) => {
      // One call in 1,000 waits on the event loop, the rest settle at once.
      if (n % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
      return n * 2;
    });
    let wrong = 0;
    for (let n = 0; n < 100_000; n++) if (twice(n) !== n * 2) wrong++;
    expect(wrong).toBe(0);
  });
});

describe('runDecorator: errors', () => {
  it('throws the error of fn: same class, message, own properties and cause, with the worker and caller stacks', () => {
    const fail = runDecorator(async (id: string) => {
      throw Object.assign(new RangeError(`no user ${id}`, { cause: new Error('lookup failed') }), { status: 404 });
    });
    let caught: unknown;
    try {
      fail('ada');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RangeError);
    expect(caught).toMatchObject({ message: 'no user ada', status: 404, cause: { message: 'lookup failed' } });
    const stack = (caught as Error).stack ?? '';
    expect(stack).toContain('at <worker boundary>');
    expect(stack).toContain('decorator.test.ts');
  });

  it('keeps the name of a user error class', () => {
    const fail = runDecorator(() => {
      class ValidationError extends Error {
        override name = 'ValidationError';
      }
      throw new ValidationError('bad input');
    });
    expect(() => fail()).toThrow(expect.objectContaining({ name: 'ValidationError', message: 'bad input' }));
  });

  it('explains a function that uses a variable from around it', () => {
    const outside = 2;
    const scaled = runDecorator((n: number) => n * outside);
    expect(() => scaled(1)).toThrow(/the function refers to `outside`, which does not exist in the worker/);
  });

  it('names an argument that cannot be sent, and the next call works', () => {
    const describe = runDecorator((value: unknown) => typeof value);
    expect(() => describe(() => 1)).toThrow(expect.objectContaining({ name: 'DataCloneError', message: expect.stringContaining('args[0]') }));
    expect(describe(1)).toBe('number');
  });

  it('names a result that cannot be sent back, and the next call works', () => {
    const make = runDecorator((bad: boolean) => (bad ? { handle: () => 1 } : { handle: 1 }));
    expect(() => make(true)).toThrow(/result\.handle/);
    expect(make(false)).toEqual({ handle: 1 });
  });

  it('a module export that is missing fails the call with the exports it has, and calls after it fail the same way', () => {
    const file = writeProgram('export const one = () => 1;');
    const missing = runDecorator(moduleTask<() => number>(file, 'two'));
    expect(() => missing()).toThrow(/exports no function named `two` \(it exports: one\)/);
    expect(() => missing()).toThrow(/exports no function named `two`/);
  });

  it('refuses what cannot be shipped, and bad options, naming them', () => {
    expect(() => runDecorator(42 as never)).toThrow(TypeError);
    expect(() => runDecorator(Math.max)).toThrow(/bound or built-in function/);
    expect(() => runDecorator(class {} as never)).toThrow(/a class/);
    expect(() => runDecorator(() => 1, { timeout: 0 })).toThrow(new RangeError('options.timeout must be a finite number > 0 (received 0)'));
    expect(() => runDecorator(() => 1, { timeout: '5' as never })).toThrow(TypeError);
    expect(() => runDecorator(() => 1, { maxOldGenerationSizeMb: 1.5 })).toThrow(
      new RangeError('options.maxOldGenerationSizeMb must be an integer >= 1 (received 1.5)'),
    );
    expect(() => runDecorator(() => 1, null as never)).toThrow(/^options must be an object or undefined \(received null\)$/);
    // An explicit undefined is an option left out.
    expect(runDecorator((n: number) => n + 1, { timeout: undefined, startTimeout: undefined, maxOldGenerationSizeMb: undefined })(1)).toBe(2);
  });
});

describe('runDecorator: timeouts', () => {
  it('throws a TimeoutError past the timeout and the next call runs on a fresh worker (no stale reply)', () => {
    const sleep = runDecorator(
      async (ms: number, value: string) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return value;
      },
      { timeout: 300 },
    );
    // Started first: the timeout counts from the worker's start-up done.
    expect(sleep(1, 'warm')).toBe('warm');
    const started = performance.now();
    expect(() => sleep(600, 'late')).toThrow(expect.objectContaining({ name: 'TimeoutError', message: expect.stringContaining('within 300 ms') }));
    expect(performance.now() - started).toBeLessThan(590);
    // Had the first worker lived on, its 'late' would arrive before 'fresh'.
    expect(sleep(700 - (performance.now() - started) > 0 ? 1 : 1, 'fresh')).toBe('fresh');
    expect(sleep(1, 'again')).toBe('again');
  });

  it("counts from the worker's start-up done, not from its start: timeout 30 with an instant function works on a cold worker and after a timeout", () => {
    // A cold worker takes longer than 30 ms to start: counted in the call, every call timed out.
    const task = runDecorator((block: boolean) => (block ? new Promise<never>(() => {}) : 'instant'), { timeout: 30 });
    expect(task(false)).toBe('instant');
    expect(() => task(true)).toThrow(expect.objectContaining({ name: 'TimeoutError', message: expect.stringContaining('within 30 ms') }));
    // The timed-out worker was ended: this call starts a fresh one, and its start does not count either.
    expect(task(false)).toBe('instant');
    expect(task(false)).toBe('instant');
  });

  it('bounds the start-up by startTimeout: a worker that does not start in time fails the call saying so, and is ended', () => {
    // No worker starts within a millisecond (one takes tens of them).
    const task = runDecorator(() => 'started', { startTimeout: 1 });
    expect(() => task()).toThrow(
      expect.objectContaining({ name: 'TimeoutError', message: expect.stringMatching(/^the worker of the decorated function did not start within 1 ms/) }),
    );
    expect(() => runDecorator(() => 1, { startTimeout: -1 })).toThrow(new RangeError('options.startTimeout must be a finite number > 0 (received -1)'));
    expect(() => runDecorator(() => 1, { startTimeout: '5' as never })).toThrow(TypeError);
  });

  it('ends a worker stuck in a synchronous loop', () => {
    const spin = runDecorator((forever: boolean) => {
      while (forever);
      return 'done';
    }, { timeout: 200 });
    expect(() => spin(true)).toThrow(expect.objectContaining({ name: 'TimeoutError' }));
    expect(spin(false)).toBe('done');
  });
});

describe('runDecorator: inside its own worker', () => {
  it('is refused with a clear error instead of waiting for itself; another decorated function works there', () => {
    const file = writeProgram(`import { runDecorator } from '${RUN_URL}';
      import { moduleTask } from '${POOL_URL}';
      const selfSync = runDecorator(moduleTask(import.meta.url, 'self'));
      const plusOneSync = runDecorator(moduleTask(import.meta.url, 'plusOne'));
      export function plusOne(n) { return n + 1; }
      export function self(n) { return n === 0 ? 'bottom' : selfSync(n - 1); }
      export function nested(n) { return plusOneSync(n) * 10; }`);
    const self = runDecorator(moduleTask<(n: number) => string>(file, 'self'));
    const nested = runDecorator(moduleTask<(n: number) => number>(file, 'nested'));
    expect(self(0)).toBe('bottom');
    expect(() => self(1)).toThrow(/called from inside its own worker, where it would wait for itself forever/);
    expect(nested(4)).toBe(50);
  });
});
