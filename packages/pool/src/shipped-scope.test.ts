import { afterAll, describe, expect, it } from 'vitest';
import { inProcess, inThread, mapInProcesses, mapInThreads, PROCESS_POOL, THREAD_POOL } from './index';

// Every local name of the code that compiles and runs a shipped function in
// the worker (worker-call.ts, worker-target.ts, the map chunk runner), and
// the worker module's own top-level names: none may be visible to it.
const RUNNER_LOCALS = [
  'items', 'start', 'out', 'i', 'fn', 'value', 'error', 'source', 'payload', 'port', 'driver', 'args',
  'task', 'fail', 'failed', 'moved', 'compiled', 'COMPILED_CACHE', 'workerId', 'runtime', 'tasks', 'retired',
  'modules', 'runner', 'arguments',
];

/** A shipped function whose whole body reads `name` (made from text, so no local of this file is involved). */
function reading(name: string): (x: number) => unknown {
  return new Function(`return (x) => ${name}`)() as (x: number) => unknown;
}

const explained = (name: string): RegExp => new RegExp(`\`${name}\`, which does not exist in the worker`);

type Call = (fn: (x: number) => unknown) => Promise<unknown>;
const paths: [string, Call][] = [
  ['inThread', (fn) => inThread(fn, 1)],
  ['inProcess', (fn) => inProcess(fn, 1)],
  ['mapInThreads', (fn) => mapInThreads(fn, [1, 2, 3], { chunkSize: 3 })],
  ['mapInProcesses', (fn) => mapInProcesses(fn, [1, 2, 3], { chunkSize: 3 })],
];

afterAll(async () => {
  await Promise.all([THREAD_POOL.shutdown(), PROCESS_POOL.shutdown()]);
});

describe.each(paths)('a function shipped by %s', (_, call) => {
  it.each(RUNNER_LOCALS)('cannot see the runner\'s `%s`: the explained ReferenceError', async (name) => {
    const error = await call(reading(name)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReferenceError);
    expect((error as Error).message).toMatch(explained(name));
  });

  it('sees its parameters and globals, and `this` is not the runner\'s', async () => {
    const fn = new Function('return (x) => [x, typeof structuredClone, this === globalThis]')() as (x: number) => unknown;
    const out = await call(fn);
    expect(Array.isArray(out) && Array.isArray(out[0]) ? out[0] : out).toEqual([1, 'function', true]);
    expect(await call(function (this: unknown, x: number) { return [x, this === undefined || this === globalThis]; })).toSatisfy(
      (result: unknown) => JSON.stringify(result).includes('[1,true]'),
    );
  });
});

describe('mapInThreads and mapInProcesses', () => {
  it.each([
    ['mapInThreads', mapInThreads],
    ['mapInProcesses', mapInProcesses],
  ] as const)('%s: writing a runner name fails, and leaves the result and the loop alone', async (_, map) => {
    // `out.push` and `i += 1` used to corrupt the result (junk items, holes).
    const push = new Function("return (x) => { out.push('junk'); return x; }")() as (x: number) => number;
    await expect(map(push, [1, 2, 3], { chunkSize: 3 })).rejects.toThrow(explained('out'));
    const step = new Function('return (x) => { i += 1; return x; }')() as (x: number) => number;
    await expect(map(step, [1, 2, 3], { chunkSize: 3 })).rejects.toThrow(explained('i'));
    const start = 100;
    await expect(map((x: number) => x + start, [1, 2, 3])).rejects.toThrow(explained('start'));
    expect(await map((x: number, index: number) => x * 10 + index, [1, 2, 3], { chunkSize: 2 })).toEqual([10, 21, 32]);
  });
});
