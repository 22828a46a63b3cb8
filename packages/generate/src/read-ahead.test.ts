// Read-ahead mode at its edges: next(v), and an end (an error, an abort) that comes while values wait to be taken.
import { ExecutorPool } from '@aiox/pool';
import { afterEach, describe, expect, it } from 'vitest';
import { poolGenerator } from './in-pool-generator';
import { generateInProcess, generateInThread } from './index';
import { pause, RUNTIMES, scratchesPerTest, shutDownPoolsAfterAll } from './testing/helpers';

shutDownPoolsAfterAll();
const scratch = scratchesPerTest();
const pools: ExecutorPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.shutdown({ wait: false })));
});

/**
 * A pool of one worker, and a way to wait until a generator run on it has
 * ended there: a call gets that worker only once the generator's task has
 * settled (no fixed sleep that a loaded machine could outlast).
 */
function oneWorker(runtime: (typeof RUNTIMES)[number]): { generate: ReturnType<typeof poolGenerator>; taskEnded: () => Promise<void> } {
  const pool = new ExecutorPool(runtime);
  pool.initialize({ maxWorkers: 1 });
  pools.push(pool);
  return {
    generate: poolGenerator(pool),
    taskEnded: async () => {
      await pool.call(() => undefined, []);
      // The generator's own handler of that settlement runs before this one.
      await pause(0);
    },
  };
}

// Shipped by source: 1..count, each value also written where the test can see how far it got.
function* counting(dir: string, count: number): Generator<number, void, unknown> {
  const fs = process.getBuiltinModule('node:fs');
  try {
    for (let i = 1; i <= count; i++) {
      const got = yield i;
      if (got !== undefined) fs.writeFileSync(`${dir}/received`, String(got));
    }
  } finally {
    fs.writeFileSync(`${dir}/finally`, 'ran');
  }
}

const REFUSED =
  /^next\(value\) cannot hand a value to the generator in read-ahead mode \(batchSize\): .*lazy mode.* \(received "sent"\)$/;

describe.each(RUNTIMES)('read-ahead in %s', (runtime) => {
  const generate = runtime === 'worker_threads' ? generateInThread : generateInProcess;

  it('next(v) is refused the same way whether values are waiting or not, and takes nothing', async () => {
    const place = scratch();
    const gen = generate.with({ batchSize: 4, readAhead: 1 })(counting, place.dir, 6);
    // Nothing read ahead yet.
    const empty = await gen.next('sent').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(empty).toBeInstanceOf(TypeError);
    expect((empty as Error).message).toMatch(REFUSED);
    expect(await gen.next()).toEqual({ value: 1, done: false });
    // 2, 3 and 4 wait here (the batch of 4 came whole).
    const buffered = await gen.next('sent').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(buffered).toBeInstanceOf(TypeError);
    expect((buffered as Error).message).toBe((empty as Error).message);
    // Refused, not consumed: the values go on in order, and none reached the generator.
    const rest: number[] = [];
    for await (const n of gen) rest.push(n);
    expect(rest).toEqual([2, 3, 4, 5, 6]);
    expect(place.has('received')).toBe(false);
    expect(place.has('finally')).toBe(true);
    // next(undefined) is a plain next().
    const again = generate.with({ batchSize: 2 })(counting, scratch().dir, 2);
    expect(await again.next(undefined)).toEqual({ value: 1, done: false });
    expect(await again.next(undefined)).toEqual({ value: 2, done: false });
    await again.return();
  });

  it("the generator's error reaches a consumer that takes the values read ahead after it ended", async () => {
    for (const readAhead of [1, 2]) {
      const { generate, taskEnded } = oneWorker(runtime);
      const gen = generate.with({ batchSize: 100, readAhead })(function* () {
        yield 1;
        yield 2;
        yield 3;
        throw new RangeError('broke after 3');
      });
      expect(await gen.next()).toEqual({ value: 1, done: false });
      // A slow consumer: the worker has thrown and its task has ended before the next ask.
      await taskEnded();
      const seen: number[] = [];
      const error = await (async () => {
        try {
          for await (const n of gen) seen.push(n);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(seen).toEqual([2, 3]);
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toBe('broke after 3');
      expect(await gen.next()).toEqual({ value: undefined, done: true });
    }
  });

  it.each([
    ['lazy', {}],
    ['read-ahead', { batchSize: 8 }],
  ])('%s: an abort between two asks rejects the next ask with the reason, also once the worker is gone', async (_, options) => {
    for (const settle of [false, true]) {
      const controller = new AbortController();
      const { generate, taskEnded } = oneWorker(runtime);
      const gen = generate.with({ ...options, signal: controller.signal })(counting, scratch().dir, 1_000_000);
      expect(await gen.next()).toEqual({ value: 1, done: false });
      controller.abort(new Error('stop now'));
      // Asked at once, or after the aborted task has ended (the values read ahead are still here).
      if (settle) await taskEnded();
      await expect(gen.next()).rejects.toThrow('stop now');
      expect(await gen.next()).toEqual({ value: undefined, done: true });
    }
  });

  it('return() and throw() end the stream even when the generator finished with values still read ahead', async () => {
    for (const [ending, thenThrows] of [
      ['return', false],
      ['throw', false],
      ['return', true],
      ['throw', true],
    ] as const) {
      const { generate, taskEnded } = oneWorker(runtime);
      const gen = generate.with({ batchSize: 100 })(function* (fails: boolean) {
        yield 1;
        yield 2;
        yield 3;
        if (fails) throw new RangeError('after 3');
      }, thenThrows);
      expect(await gen.next()).toEqual({ value: 1, done: false });
      // The task ends (done, or its error) with 2 and 3 still here.
      await taskEnded();
      if (ending === 'return') expect(await gen.return()).toEqual({ value: undefined, done: true });
      else await expect(gen.throw(new TypeError('enough'))).rejects.toThrow('enough');
      expect({ ending, thenThrows, after: await gen.next() }).toEqual({ ending, thenThrows, after: { value: undefined, done: true } });
    }
  });

  it('a value yielded before a long wait leaves within the flush delay, not with the value after the wait', async () => {
    const place = scratch();
    const gen = generate.with({ batchSize: 100 })(async function* (dir: string) {
      const { existsSync } = process.getBuiltinModule('node:fs');
      yield 'before the wait';
      // Waits for the test, which waits for the value before.
      while (!existsSync(`${dir}/go`)) await new Promise((resolve) => setTimeout(resolve, 10));
      yield 'after it';
    }, place.dir);
    const first = await Promise.race([gen.next(), pause(10_000).then(() => 'still held back after 10 s')]);
    expect(first).toEqual({ value: 'before the wait', done: false });
    place.write('go');
    expect(await gen.next()).toEqual({ value: 'after it', done: false });
    expect(await gen.next()).toEqual({ value: undefined, done: true });
  });

  it('a break (return()) before the values read ahead ran out does not throw the error the generator met further on', async () => {
    for (const batchSize of [1, 2, 100]) {
      let thrown: unknown;
      let seen = 0;
      try {
        for await (const n of generate.with({ batchSize })(function* () {
          yield 1;
          yield 2;
          yield 3;
          throw new RangeError('further on');
        })) {
          seen = n;
          break;
        }
      } catch (error) {
        thrown = error;
      }
      expect({ batchSize, seen, thrown }).toEqual({ batchSize, seen: 1, thrown: undefined });
    }
  });
});
