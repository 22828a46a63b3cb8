import { describe, expect, it } from 'vitest';
import { collect, resolve, type ResolveOptions, type TaskSource } from './index';

/** A source that records whether anything touched it. */
function untouched() {
  const state = { opened: false, called: false };
  const source = {
    [Symbol.iterator]() {
      state.opened = true;
      return [() => (state.called = true)][Symbol.iterator]();
    },
  };
  return { state, source };
}

type Case = [label: string, value: unknown, error: typeof TypeError | typeof RangeError, message: string];

const badTasks: Case[] = [
  ['null', null, TypeError, 'tasks must be an iterable or an async iterable (received null)'],
  ['undefined', undefined, TypeError, 'tasks must be an iterable or an async iterable (received undefined)'],
  ['a number', 42, TypeError, 'tasks must be an iterable or an async iterable (received 42)'],
  ['a string', 'abc', TypeError, 'tasks must be an iterable or an async iterable (received "abc")'],
  ['a plain object', {}, TypeError, 'tasks must be an iterable or an async iterable (received an object)'],
  ['a function', () => 1, TypeError, 'tasks must be an iterable or an async iterable (received a function)'],
  ['a promise', Promise.resolve([]), TypeError, 'tasks must be an iterable or an async iterable (received an instance of Promise)'],
];

const badOptions: Case[] = [
  ['options null', null, TypeError, 'options must be an object or undefined (received null)'],
  ['options a number', 4, TypeError, 'options must be an object or undefined (received 4)'],
  ['options an array', [], TypeError, 'options must be an object or undefined (received an array of length 0)'],
  ['workers 0', { workers: 0 }, RangeError, 'workers must be an integer >= 1 (received 0)'],
  ['workers 1.5', { workers: 1.5 }, RangeError, 'workers must be an integer >= 1 (received 1.5)'],
  ['workers -1', { workers: -1 }, RangeError, 'workers must be an integer >= 1 (received -1)'],
  ['workers NaN', { workers: Number.NaN }, RangeError, 'workers must be an integer >= 1 (received NaN)'],
  ['workers -Infinity', { workers: -Infinity }, RangeError, 'workers must be an integer >= 1 (received -Infinity)'],
  ['workers "4"', { workers: '4' }, TypeError, 'workers must be an integer >= 1 (received "4")'],
  ['workers null', { workers: null }, TypeError, 'workers must be an integer >= 1 (received null)'],
  ['signal {}', { signal: {} }, TypeError, 'signal must be an AbortSignal or undefined (received an object)'],
  ['signal null', { signal: null }, TypeError, 'signal must be an AbortSignal or undefined (received null)'],
  ['signal a controller', { signal: new AbortController() }, TypeError, 'signal must be an AbortSignal or undefined (received an instance of AbortController)'],
];

const badGreediness: Case[] = [
  ['workerGreediness -1', { workerGreediness: -1 }, RangeError, 'workerGreediness must be an integer >= 0 (received -1)'],
  ['workerGreediness 0.5', { workerGreediness: 0.5 }, RangeError, 'workerGreediness must be an integer >= 0 (received 0.5)'],
  ['workerGreediness "1"', { workerGreediness: '1' }, TypeError, 'workerGreediness must be an integer >= 0 (received "1")'],
  ['workerGreediness null', { workerGreediness: null }, TypeError, 'workerGreediness must be an integer >= 0 (received null)'],
];

describe('collect: bad arguments reject before any work, never throw synchronously', () => {
  it.each(badTasks)('tasks %s', async (_, tasks, error, message) => {
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = collect(tasks as TaskSource<unknown>);
    }).not.toThrow();
    await expect(promise).rejects.toThrow(new error(message));
    await expect(promise).rejects.toBeInstanceOf(error);
  });

  it.each(badOptions)('%s', async (_, options, error, message) => {
    const { state, source } = untouched();
    const promise = collect(source, options as ResolveOptions);
    await expect(promise).rejects.toThrow(message);
    await expect(promise).rejects.toBeInstanceOf(error);
    expect(state).toEqual({ opened: false, called: false });
  });

  it('does not read workerGreediness, which it does not take', async () => {
    expect(await collect([() => 1], { workerGreediness: -1 } as ResolveOptions)).toEqual([1]);
  });

  it('treats undefined options as the defaults', async () => {
    expect(await collect([() => 1], { workers: undefined, signal: undefined })).toEqual([1]);
  });
});

describe('resolve: bad arguments throw at once, before any work', () => {
  it.each(badTasks)('tasks %s', (_, tasks, error, message) => {
    expect(() => resolve(tasks as TaskSource<unknown>)).toThrow(new error(message));
    expect(() => resolve(tasks as TaskSource<unknown>)).toThrow(error);
  });

  it.each([...badOptions, ...badGreediness])('%s', (_, options, error, message) => {
    const { state, source } = untouched();
    expect(() => resolve(source, options as ResolveOptions)).toThrow(message);
    expect(() => resolve(source, options as ResolveOptions)).toThrow(error);
    const asyncSource = { [Symbol.asyncIterator]: () => (async function* () {})() };
    expect(() => resolve(asyncSource, options as ResolveOptions)).toThrow(error);
    expect(state).toEqual({ opened: false, called: false });
  });

  it('treats undefined options as the defaults', async () => {
    const [first] = resolve([() => 1], { workers: undefined, workerGreediness: undefined, signal: undefined });
    expect(await first).toBe(1);
  });
});
