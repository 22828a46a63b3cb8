import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collect, forceLoopCycle, resolve, schedule, type Task } from './index';
import { sleep, type Thunk } from './test-support';

/*
 * No path may leave an unhandled rejection behind. This file owns the
 * process's `unhandledRejection` listeners while it runs, so that it can
 * first show that a real unhandled rejection is seen (the control test), then
 * that none comes from us on any path.
 */

const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);
let previous: NodeJS.UnhandledRejectionListener[] = [];

beforeAll(() => {
  previous = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', record);
});

afterAll(() => {
  process.off('unhandledRejection', record);
  for (const listener of previous) process.on('unhandledRejection', listener);
});

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await forceLoopCycle();
}

afterEach(async () => {
  await settle();
  const seen = unhandled.splice(0);
  expect(seen).toEqual([]);
});

const fail = (message: string, ms = 2) => async () => {
  await sleep(ms);
  throw new Error(message);
};

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(new Error(`aborted: ${String(signal.reason)}`)), { once: true });
  });
}

function* generate<T>(tasks: readonly Task<T>[]): Generator<Task<T>> {
  yield* tasks;
}

async function* generateAsync<T>(tasks: readonly Thunk<T>[]): AsyncGenerator<Thunk<T>> {
  for (const task of tasks) yield task;
}

describe('no unhandled rejection', () => {
  it('control: this harness does see one', async () => {
    void Promise.reject(new Error('control'));
    await settle();
    expect(unhandled).toHaveLength(1);
    unhandled.length = 0;
  });

  it('collect: fail fast, with the aborted tasks and later tasks failing afterwards', async () => {
    const tasks: Thunk<unknown>[] = [untilAborted, fail('first'), untilAborted, fail('second'), fail('third')];
    await expect(collect(tasks, { workers: 4 })).rejects.toThrow('first');
    await expect(collect(generate(tasks), { workers: 4 })).rejects.toThrow('first');
    await expect(collect(generateAsync(tasks), { workers: 4 })).rejects.toThrow('first');
    await sleep(10);
  });

  it('collect: rejected promises of an array that it never reached', async () => {
    const error = new Error('first');
    const tasks = [Promise.reject(error), Promise.reject(new Error('unreached')), sleep(1).then(() => { throw new Error('later'); })];
    await expect(collect(tasks, { workers: 1 })).rejects.toBe(error);
    await sleep(5);
  });

  it('collect: aborted by the caller, with the tasks rejecting afterwards', async () => {
    // The third task rejects on its own only once the caller's abort has
    // settled the operation: no race with the machine's load.
    const late: Thunk<never> = (signal) =>
      new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('late'))));
    const tasks = [untilAborted, untilAborted, late];
    for (const source of [() => tasks, () => generate(tasks), () => generateAsync(tasks)]) {
      const controller = new AbortController();
      const result = collect(source(), { signal: controller.signal });
      const outcome = expect(result).rejects.toThrow('stop');
      await forceLoopCycle();
      controller.abort(new Error('stop'));
      await outcome;
    }
    await sleep(20);
  });

  it('collect: sources that throw, and an async source whose return() rejects', async () => {
    function* throwing() {
      yield untilAborted;
      throw new Error('sync source');
    }
    async function* throwingAsync() {
      yield untilAborted;
      throw new Error('async source');
    }
    await expect(collect(throwing())).rejects.toThrow('sync source');
    await expect(collect(throwingAsync())).rejects.toThrow('async source');
    let index = 0;
    const rejectingReturn: AsyncIterable<Task<unknown>> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => ({ done: false, value: index++ === 1 ? fail('task') : untilAborted }),
        return: () => Promise.reject(new Error('return failed')),
      }),
    };
    await expect(collect(rejectingReturn)).rejects.toThrow('task');
  });

  it('resolve (sync source): failures of items the consumer never asked for', async () => {
    const iterator = resolve([async () => 1, fail('a'), fail('b'), () => Promise.reject(new Error('c'))]);
    expect(await iterator.next().value).toBe(1);
    // Abandoned without return(): the failures stay inside, as results nobody took.
    await sleep(10);
  });

  it('resolve (sync source): promises handed out, then the consumer leaves before awaiting them', async () => {
    for (const source of [
      () => [untilAborted, fail('x'), untilAborted],
      () => generate([untilAborted, fail('x'), untilAborted]),
    ]) {
      const handedOut: Promise<unknown>[] = [];
      for (const next of resolve(source())) {
        handedOut.push(next);
        if (handedOut.length === 2) break;
      }
      const iterator = resolve(source(), { workers: 1 });
      iterator.next();
      iterator.next();
      iterator.return?.();
    }
    await sleep(10);
  });

  it('resolve (sync source): rejected promises pulled by the consumer but never started', async () => {
    const iterator = resolve(generate([untilAborted, Promise.reject(new Error('queued 1')), Promise.reject(new Error('queued 2'))]), {
      workers: 1,
    });
    iterator.next();
    iterator.next();
    iterator.next();
    iterator.return?.();
  });

  it('resolve (sync source): aborted by the caller with promises handed out and not awaited', async () => {
    const controller = new AbortController();
    const iterator = resolve([untilAborted, untilAborted, fail('late')], { signal: controller.signal });
    iterator.next();
    iterator.next();
    controller.abort(new Error('stop'));
    expect(() => iterator.next()).toThrow('stop');
    await sleep(10);
  });

  it('resolve (async source): a failed item, a break, an abort and a broken source', async () => {
    const tasks: Thunk<unknown>[] = [async () => 0, () => sleep(5), fail('item'), untilAborted, fail('later')];
    await expect(async () => {
      for await (const value of resolve(generateAsync(tasks))) void value;
    }).rejects.toThrow('item');
    for await (const value of resolve(generateAsync(tasks))) {
      void value;
      break;
    }
    const controller = new AbortController();
    const iterator = resolve(generateAsync(tasks), { signal: controller.signal });
    const pending = iterator.next().then(() => iterator.next());
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    // A pull still under way when the consumer leaves brings back a rejected promise.
    let pulls = 0;
    const slowSource: AsyncIterable<Task<unknown>> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          if (pulls++ > 0) await sleep(5);
          return { done: false, value: pulls === 1 ? () => 0 : Promise.reject(new Error('pulled after close')) };
        },
      }),
    };
    for await (const value of resolve(slowSource)) {
      expect(value).toBe(0);
      break;
    }
    async function* broken() {
      yield () => sleep(1);
      throw new Error('source');
    }
    await expect(async () => {
      for await (const value of resolve(broken())) void value;
    }).rejects.toThrow('source');
    await sleep(10);
  });

  it('schedule: a failing task that nobody awaits', async () => {
    void schedule(fail('ignored'));
    void schedule(() => {
      throw new Error('sync');
    });
    void schedule(Promise.reject(new Error('promise')));
    await sleep(10);
  });
});
