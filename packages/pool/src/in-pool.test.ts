import { afterAll, describe, expect, it } from 'vitest';
import { ExecutorPool } from './executor-pool';
import { childPids, RUNTIMES } from './testing/helpers';

describe.each(RUNTIMES)('a function shipped to %s', (runtime) => {
  const pool = new ExecutorPool(runtime);
  pool.initialize({ maxWorkers: 2 });
  afterAll(async () => {
    await pool.shutdown();
    expect(childPids()).toEqual([]);
  });
  const call = <A extends unknown[], R>(fn: (...args: A) => R, ...args: A) =>
    pool.call(fn, args) as Promise<Awaited<R>>;

  it('runs with its arguments and resolves with its awaited result', async () => {
    expect(await call((a: number, b: number) => a + b, 2, 3)).toBe(5);
    expect(await call(async (s: string) => s.toUpperCase(), 'x')).toBe('X');
  });

  it('runs away from the caller', async () => {
    const where = await call(() => ({ pid: process.pid, main: process.getBuiltinModule('node:worker_threads').isMainThread }));
    if (runtime === 'child_process') expect(where.pid).not.toBe(process.pid);
    else expect(where).toEqual({ pid: process.pid, main: false });
  });

  it('passes Map, BigInt, ArrayBuffer, Date both ways', async () => {
    const bytes = new Uint8Array([1, 2, 3]).buffer;
    const out = await call(
      (m: Map<string, bigint>, b: ArrayBuffer, d: Date) => ({ m: new Map([...m, ['y', 2n]]), size: b.byteLength, back: b, year: d.getUTCFullYear() }),
      new Map([['x', 1n]]),
      bytes,
      new Date(Date.UTC(2020, 0, 1)),
    );
    expect(out.m).toEqual(new Map([['x', 1n], ['y', 2n]]));
    expect(out.size).toBe(3);
    expect(new Uint8Array(out.back)).toEqual(new Uint8Array([1, 2, 3]));
    expect(out.year).toBe(2020);
  });

  it('sees the parent environment', async () => {
    expect(await call(() => process.env['PATH'])).toBe(process.env['PATH']);
  });

  it('runs a method shorthand', async () => {
    const host = { triple(x: number) { return x * 3; } };
    expect(await call(host.triple, 3)).toBe(9);
  });

  it('rejects with the built-in class, message, worker stack, cause and own props of the error', async () => {
    const error = await call(() => {
      const failure = new TypeError('bad input', { cause: new RangeError('too big') });
      Object.assign(failure, { code: 'E_BAD', detail: { n: 1 } });
      throw failure;
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    const typed = error as TypeError & { code: unknown; detail: unknown };
    expect(typed.message).toBe('bad input');
    expect(typed.code).toBe('E_BAD');
    expect(typed.detail).toEqual({ n: 1 });
    expect(typed.cause).toBeInstanceOf(RangeError);
    expect((typed.cause as Error).message).toBe('too big');
    expect(typed.stack).toContain('worker-entry');
  });

  it('rejects an async throw inside the running task with that error', async () => {
    const failing = call(() => new Promise(() => { setTimeout(() => { throw new SyntaxError('from a timer'); }, 1); }));
    await expect(failing).rejects.toThrow(new SyntaxError('from a timer'));
    expect(await call(() => 'still serving')).toBe('still serving');
  });

  it('explains a name that does not exist in the worker, and the way out', async () => {
    const factor = 3;
    const error = await call((x: number) => x * factor, 2).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReferenceError);
    expect((error as Error).message).toMatch(
      /refers to `factor`, which does not exist in the worker.*shipped by their source text and cannot see the variables around them.*Pass `factor` as an argument/,
    );
  });

  it('rejects a result that cannot be sent back with a TypeError naming it, and keeps serving', async () => {
    await expect(call(() => ({ ok: 1, later: () => 2 }))).rejects.toThrow(TypeError);
    await expect(call(() => ({ ok: 1, later: () => 2 }))).rejects.toThrow(/the result\.later is a function/);
    expect(await call(() => 'fine')).toBe('fine');
  });

  it('refuses a bound function with a TypeError', async () => {
    await expect(call(((x: number) => x).bind(null), 1)).rejects.toThrow(TypeError);
  });
});

describe.each(RUNTIMES)('an argument that cannot be sent to %s', (runtime) => {
  it('rejects with a TypeError naming it, and the pool keeps serving the queue behind it', async () => {
    const pool = new ExecutorPool(runtime);
    pool.initialize({ maxWorkers: 1 });
    try {
      const first = pool.call(() => 'first', []);
      const bad = pool.call((_a: number, _b: unknown) => 1, [1, { callback: () => {} }]);
      const after = pool.call(() => 'after', []);
      await expect(bad).rejects.toThrow(TypeError);
      await expect(bad).rejects.toThrow(/args\[1\]\.callback is a function/);
      expect(await first).toBe('first');
      expect(await after).toBe('after');
    } finally {
      await pool.shutdown();
    }
  });
});

// Node 20's IPC throws on a Blob; Node >= 22's writes it as {} without a word.
describe('a Blob bound for a child process, anywhere inside the value', () => {
  it('is a TypeError naming where it is, in the arguments and in the result, on every Node version', async () => {
    const pool = new ExecutorPool('child_process');
    pool.initialize({ maxWorkers: 1 });
    try {
      const inArgs = pool.call((value: unknown) => JSON.stringify(value), [{ files: [new Map([['a', new Blob(['x'])]])] }]);
      await expect(inArgs).rejects.toThrow(TypeError);
      await expect(inArgs).rejects.toThrow(/args\[0\]\.files\[0\]/);
      const inResult = pool.call(() => ({ nested: { blob: new Blob(['x']) } }), []);
      await expect(inResult).rejects.toThrow(TypeError);
      await expect(inResult).rejects.toThrow(/the result\.nested\.blob/);
      expect(await pool.call((value: { n: number }) => value.n, [{ n: 3 }])).toBe(3);
    } finally {
      await pool.shutdown();
    }
  });
});

describe('ExecutorPool#call', () => {
  it('rejects bad options and args with a TypeError naming them', async () => {
    const pool = new ExecutorPool('worker_threads');
    await expect(pool.call(() => 1, [], { signal: 'no' as never })).rejects.toThrow(
      new TypeError('options.signal must be an AbortSignal or undefined (received "no")'),
    );
    await expect(pool.call(() => 1, 'x' as never)).rejects.toThrow(new TypeError('args must be an array (received "x")'));
    expect(pool.initialized).toBe(false);
  });

  it("keeps the caller's frames in the stack of a task's error", async () => {
    const pool = new ExecutorPool('worker_threads');
    try {
      const error = (await pool.call(() => { throw new Error('boom'); }, []).catch((caught: unknown) => caught)) as Error;
      expect(error.stack).toContain('in-pool.test.ts');
    } finally {
      await pool.shutdown();
    }
  });
});

// At module level: a transform turns a function declared in a block into an
// anonymous function expression, which could not call itself by name.
// State kept on the function object survives only if the worker reuses it.
function counted(): number {
  const self = counted as typeof counted & { calls?: number };
  self.calls = (self.calls ?? 0) + 1;
  return self.calls;
}
function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

describe.each(RUNTIMES)('a function shipped by its source to %s', (runtime) => {
  it('is compiled once per worker, not per call, and may call itself by its own name', async () => {
    const pool = new ExecutorPool(runtime);
    pool.initialize({ maxWorkers: 1 });
    try {
      const seen: number[] = [];
      for (let i = 0; i < 5; i++) seen.push(await pool.call(counted, []));
      expect(seen).toEqual([1, 2, 3, 4, 5]);
      expect(await pool.call(fib, [20])).toBe(6765);
    } finally {
      await pool.shutdown();
    }
  });
});
