// Bad input: RangeError for a number out of range, TypeError for a wrong
// type, each naming the parameter and the value received. The constructor and
// the concurrency setter throw; add, addAll and onSizeLessThan reject, before
// anything is queued or started. Unhandled rejections fail a test through the
// shared guard (vitest.shared.ts).
import { describe, expect, it } from 'vitest';
import { callAsync } from '@aiox/internal/faulty-signal';
import { type AddOptions, Queue, type QueueOptions, type QueueTask } from './index';

type ErrorType = typeof TypeError | typeof RangeError;

const TIMEOUT_RULE = 'timeout must be a number of ms > 0 and <= 2147483647, or Infinity for none';

/** What `call` threw, failing the test if it did not throw. */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** The reason the promise `call` returns rejects with; fails the test if it throws synchronously or fulfills. */
async function rejection(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await callAsync(call);
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function expectError(error: unknown, type: ErrorType, message: string): void {
  expect(error).toBeInstanceOf(type);
  // A RangeError is not a TypeError, nor the other way round.
  expect(error).not.toBeInstanceOf(type === TypeError ? RangeError : TypeError);
  expect((error as Error).message).toBe(message);
}

describe('new Queue(options)', () => {
  it.each<[string, unknown, ErrorType, string]>([
    ['concurrency 0', { concurrency: 0 }, RangeError, 'concurrency must be an integer >= 1 or Infinity (received 0)'],
    ['concurrency -1', { concurrency: -1 }, RangeError, 'concurrency must be an integer >= 1 or Infinity (received -1)'],
    ['concurrency 1.5', { concurrency: 1.5 }, RangeError, 'concurrency must be an integer >= 1 or Infinity (received 1.5)'],
    ['concurrency NaN', { concurrency: NaN }, RangeError, 'concurrency must be an integer >= 1 or Infinity (received NaN)'],
    ['concurrency -Infinity', { concurrency: -Infinity }, RangeError, 'concurrency must be an integer >= 1 or Infinity (received -Infinity)'],
    ['concurrency -0', { concurrency: -0 }, RangeError, 'concurrency must be an integer >= 1 or Infinity (received -0)'],
    ['concurrency "2"', { concurrency: '2' }, TypeError, 'concurrency must be an integer >= 1 or Infinity (received "2")'],
    ['concurrency null', { concurrency: null }, TypeError, 'concurrency must be an integer >= 1 or Infinity (received null)'],
    ['concurrency 2n', { concurrency: 2n }, TypeError, 'concurrency must be an integer >= 1 or Infinity (received 2n)'],
    ['null options', null, TypeError, 'options must be an object or undefined (received null)'],
    ['options 5', 5, TypeError, 'options must be an object or undefined (received 5)'],
    ['options "fast"', 'fast', TypeError, 'options must be an object or undefined (received "fast")'],
    ['an array as options', [], TypeError, 'options must be an object or undefined (received an array of length 0)'],
    ['a function as options', function opts() {}, TypeError, 'options must be an object or undefined (received a function (opts))'],
    ['autoStart "yes"', { autoStart: 'yes' }, TypeError, 'autoStart must be a boolean (received "yes")'],
    ['autoStart 0', { autoStart: 0 }, TypeError, 'autoStart must be a boolean (received 0)'],
    ['autoStart null', { autoStart: null }, TypeError, 'autoStart must be a boolean (received null)'],
    ['timeout 0', { timeout: 0 }, RangeError, `${TIMEOUT_RULE} (received 0)`],
    ['timeout -1', { timeout: -1 }, RangeError, `${TIMEOUT_RULE} (received -1)`],
    ['timeout NaN', { timeout: NaN }, RangeError, `${TIMEOUT_RULE} (received NaN)`],
    ['timeout -Infinity', { timeout: -Infinity }, RangeError, `${TIMEOUT_RULE} (received -Infinity)`],
    ['timeout 2**31', { timeout: 2 ** 31 }, RangeError, `${TIMEOUT_RULE} (received 2147483648)`],
    ['timeout "5"', { timeout: '5' }, TypeError, `${TIMEOUT_RULE} (received "5")`],
    ['timeout null', { timeout: null }, TypeError, `${TIMEOUT_RULE} (received null)`],
    ['signal {}', { signal: {} }, TypeError, 'signal must be an AbortSignal or undefined (received an object)'],
    ['signal "stop"', { signal: 'stop' }, TypeError, 'signal must be an AbortSignal or undefined (received "stop")'],
    ['signal null', { signal: null }, TypeError, 'signal must be an AbortSignal or undefined (received null)'],
    [
      'an AbortController as signal',
      { signal: new AbortController() },
      TypeError,
      'signal must be an AbortSignal or undefined (received an instance of AbortController)',
    ],
  ])('throws for %s', (_name, options, type, message) => {
    expectError(
      thrown(() => new Queue(options as QueueOptions)),
      type,
      message,
    );
  });

  it.each<[string, QueueOptions]>([
    ['concurrency 1', { concurrency: 1 }],
    ['concurrency Infinity', { concurrency: Infinity }],
    ['concurrency 2**40', { concurrency: 2 ** 40 }],
    ['timeout 1', { timeout: 1 }],
    ['timeout 0.5', { timeout: 0.5 }],
    ['timeout 2**31 - 1', { timeout: 2 ** 31 - 1 }],
    ['timeout Infinity', { timeout: Infinity }],
    ['autoStart false', { autoStart: false }],
    ['an aborted signal', { signal: AbortSignal.abort() }],
    ['an empty object', {}],
  ])('accepts %s', (_name, options) => {
    expect(() => new Queue(options)).not.toThrow();
  });
});

describe('queue.add(task, options)', () => {
  it.each<[string, unknown, unknown, ErrorType, string]>([
    ['a number as task', 5, undefined, TypeError, 'task must be a function (received 5)'],
    ['undefined as task', undefined, undefined, TypeError, 'task must be a function (received undefined)'],
    ['a promise as task', Promise.resolve(1), undefined, TypeError, 'task must be a function (received an instance of Promise)'],
    ['priority NaN', () => 1, { priority: NaN }, RangeError, 'priority must be a number other than NaN (received NaN)'],
    ['priority "1"', () => 1, { priority: '1' }, TypeError, 'priority must be a number other than NaN (received "1")'],
    ['priority null', () => 1, { priority: null }, TypeError, 'priority must be a number other than NaN (received null)'],
    ['timeout 0', () => 1, { timeout: 0 }, RangeError, `${TIMEOUT_RULE} (received 0)`],
    ['timeout -1', () => 1, { timeout: -1 }, RangeError, `${TIMEOUT_RULE} (received -1)`],
    ['timeout NaN', () => 1, { timeout: NaN }, RangeError, `${TIMEOUT_RULE} (received NaN)`],
    ['timeout 2**31', () => 1, { timeout: 2 ** 31 }, RangeError, `${TIMEOUT_RULE} (received 2147483648)`],
    ['timeout "5"', () => 1, { timeout: '5' }, TypeError, `${TIMEOUT_RULE} (received "5")`],
    ['signal {}', () => 1, { signal: {} }, TypeError, 'signal must be an AbortSignal or undefined (received an object)'],
    ['signal true', () => 1, { signal: true }, TypeError, 'signal must be an AbortSignal or undefined (received true)'],
    ['options 5', () => 1, 5, TypeError, 'options must be an object or undefined (received 5)'],
    ['options null', () => 1, null, TypeError, 'options must be an object or undefined (received null)'],
    ['options "high"', () => 1, 'high', TypeError, 'options must be an object or undefined (received "high")'],
  ])('rejects for %s, and queues nothing', async (_name, task, options, type, message) => {
    const queue = new Queue({ autoStart: false });
    const error = await rejection(() => queue.add(task as QueueTask<number>, options as AddOptions));
    expectError(error, type, message);
    expect([queue.size, queue.pending]).toEqual([0, 0]);
  });

  it('checks the task before its options', async () => {
    const queue = new Queue();
    const error = await rejection(() => queue.add(null as unknown as QueueTask<number>, { priority: NaN }));
    expectError(error, TypeError, 'task must be a function (received null)');
  });

  it('never calls a task whose options are bad, even with a free slot', async () => {
    const queue = new Queue();
    let called = false;
    const task = () => {
      called = true;
    };
    await rejection(() => queue.add(task, { timeout: -5 }));
    expect(called).toBe(false);
    expect(queue.pending).toBe(0);
  });

  it('rejects bad options also on a queue whose signal has aborted', async () => {
    const queue = new Queue({ signal: AbortSignal.abort(new Error('aborted')) });
    const error = await rejection(() => queue.add(() => 1, { priority: '2' as unknown as number }));
    expectError(error, TypeError, 'priority must be a number other than NaN (received "2")');
  });

  it.each<[string, AddOptions]>([
    ['priority Infinity', { priority: Infinity }],
    ['priority -Infinity', { priority: -Infinity }],
    ['priority -0.5', { priority: -0.5 }],
    ['timeout Infinity', { timeout: Infinity }],
    ['every option undefined', { priority: undefined, signal: undefined, timeout: undefined }],
  ])('accepts %s', async (_name, options) => {
    await expect(new Queue().add(() => 'ok', options)).resolves.toBe('ok');
  });
});

describe('queue.addAll(tasks, options)', () => {
  it.each<[string, unknown, ErrorType, string]>([
    ['a number', 5, TypeError, 'tasks must be an iterable of functions (received 5)'],
    ['undefined', undefined, TypeError, 'tasks must be an iterable of functions (received undefined)'],
    ['null', null, TypeError, 'tasks must be an iterable of functions (received null)'],
    ['a plain object', { 0: () => 1, length: 1 }, TypeError, 'tasks must be an iterable of functions (received an object)'],
    ['a function', () => 1, TypeError, 'tasks must be an iterable of functions (received a function)'],
    ['a string', 'ab', TypeError, 'tasks[0] must be a function (received "a")'],
    ['an array with a number last', [() => 1, () => 2, 3], TypeError, 'tasks[2] must be a function (received 3)'],
    ['an array with a hole', [() => 1, undefined], TypeError, 'tasks[1] must be a function (received undefined)'],
  ])('rejects for %s, and queues none', async (_name, tasks, type, message) => {
    const queue = new Queue({ concurrency: 1 });
    const error = await rejection(() => queue.addAll(tasks as Iterable<QueueTask<number>>));
    expectError(error, type, message);
    expect([queue.size, queue.pending]).toEqual([0, 0]);
  });

  it('queues none, and calls none, when one element is not a function', async () => {
    const queue = new Queue({ concurrency: 1 });
    let called = 0;
    const task = () => {
      called++;
    };
    const error = await rejection(() => queue.addAll([task, task, 'three' as unknown as QueueTask<void>, task]));
    expectError(error, TypeError, 'tasks[2] must be a function (received "three")');
    expect([queue.size, queue.pending, called]).toEqual([0, 0, 0]);
  });

  it('queues none when the options are bad', async () => {
    const queue = new Queue({ concurrency: 1 });
    let called = 0;
    const task = () => {
      called++;
    };
    const error = await rejection(() => queue.addAll([task, task], { priority: NaN }));
    expectError(error, RangeError, 'priority must be a number other than NaN (received NaN)');
    expectError(
      await rejection(() => queue.addAll([task], 7 as unknown as AddOptions)),
      TypeError,
      'options must be an object or undefined (received 7)',
    );
    expect([queue.size, queue.pending, called]).toEqual([0, 0, 0]);
  });

  it('rejects with what the iterable throws, and queues none', async () => {
    const queue = new Queue({ concurrency: 1 });
    const failure = new Error('iteration failed');
    let called = 0;
    function* tasks(): Generator<QueueTask<void>> {
      yield () => {
        called++;
      };
      throw failure;
    }
    await expect(rejection(() => queue.addAll(tasks()))).resolves.toBe(failure);
    expect([queue.size, queue.pending, called]).toEqual([0, 0, 0]);
  });
});

describe('the concurrency setter', () => {
  it.each<[unknown, ErrorType, string]>([
    [0, RangeError, '(received 0)'],
    [-1, RangeError, '(received -1)'],
    [1.5, RangeError, '(received 1.5)'],
    [NaN, RangeError, '(received NaN)'],
    [-Infinity, RangeError, '(received -Infinity)'],
    ['2', TypeError, '(received "2")'],
    [undefined, TypeError, '(received undefined)'],
    [null, TypeError, '(received null)'],
  ])('throws for %s, and keeps the old value', (value, type, received) => {
    const queue = new Queue({ concurrency: 2 });
    expectError(
      thrown(() => {
        queue.concurrency = value as number;
      }),
      type,
      `concurrency must be an integer >= 1 or Infinity ${received}`,
    );
    expect(queue.concurrency).toBe(2);
  });
});

describe('queue.onSizeLessThan(limit)', () => {
  it.each<[unknown, ErrorType, string]>([
    [0, RangeError, 'limit must be an integer >= 1 (received 0)'],
    [-1, RangeError, 'limit must be an integer >= 1 (received -1)'],
    [1.5, RangeError, 'limit must be an integer >= 1 (received 1.5)'],
    [NaN, RangeError, 'limit must be an integer >= 1 (received NaN)'],
    [Infinity, RangeError, 'limit must be an integer >= 1 (received Infinity)'],
    ['2', TypeError, 'limit must be an integer >= 1 (received "2")'],
    [undefined, TypeError, 'limit must be an integer >= 1 (received undefined)'],
  ])('rejects for %s', async (limit, type, message) => {
    const queue = new Queue();
    expectError(await rejection(() => queue.onSizeLessThan(limit as number)), type, message);
  });
});
