// A yielded value that cannot be copied to the caller, in both modes, over both runtimes.
import { describe, expect, it } from 'vitest';
import { generateInProcess, generateInThread } from './index';
import { RUNTIMES, scratchesPerTest, shutDownPoolsAfterAll } from './testing/helpers';

shutDownPoolsAfterAll();
const scratch = scratchesPerTest();

// Shipped by source: yields 1..count, the value at `bad` (counting from 1) replaced by one that cannot be copied.
function* withBadValue(dir: string, count: number, bad: number, nested: boolean): Generator<unknown> {
  try {
    for (let i = 1; i <= count; i++) {
      if (i !== bad) yield i;
      else if (nested) yield { id: i, callback: function callback() {} };
      else yield () => i;
    }
  } finally {
    process.getBuiltinModule('node:fs').writeFileSync(`${dir}/finally`, 'ran');
  }
}

const MODES = [
  ['lazy', {}],
  ['read-ahead', { batchSize: 4 }],
  ['read-ahead, one batch', { batchSize: 100 }],
] as const;

describe.each(RUNTIMES)('a value that cannot be copied, in %s', (runtime) => {
  const generate = runtime === 'worker_threads' ? generateInThread : generateInProcess;
  const where = runtime === 'worker_threads' ? 'another thread' : 'another process';

  /** What the consumer of `for await` sees: the values, then the error; and whether the generator's finally ran. */
  async function consume(options: object, bad: number, nested = false): Promise<{ seen: unknown[]; error: Error; finallyRan: boolean }> {
    const place = scratch();
    const seen: unknown[] = [];
    try {
      for await (const value of generate.with(options)(withBadValue, place.dir, 12, bad, nested)) seen.push(value);
    } catch (error) {
      await place.until('finally');
      return { seen, error: error as Error, finallyRan: place.has('finally') };
    }
    throw new Error(`no error; seen ${JSON.stringify(seen)}`);
  }

  it.each(MODES)('%s: the values yielded before it arrive, then a TypeError naming its position; the finally runs', async (_, options) => {
    for (const bad of [1, 4, 5, 7, 12]) {
      const { seen, error, finallyRan } = await consume(options, bad);
      expect(seen).toEqual(Array.from({ length: bad - 1 }, (_, i) => i + 1));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        `the value yielded at position ${bad} is a function, which cannot be copied to ${where}. ` +
          'Send data only: code the worker needs belongs in the task function itself or in a module it imports.',
      );
      expect(finallyRan).toBe(true);
    }
  });

  it('names the part inside the value, and says the same in both modes', async () => {
    const messages = new Set<string>();
    for (const [, options] of MODES) {
      const { seen, error } = await consume(options, 7, true);
      expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
      messages.add(error.message);
    }
    expect([...messages]).toEqual([
      `the value yielded at position 7 holds a function (callback) at .callback, which cannot be copied to ${where}. ` +
        'Send data only: code the worker needs belongs in the task function itself or in a module it imports.',
    ]);
  });

  it('after the error the generator is done', async () => {
    const place = scratch();
    const gen = generate.with({ batchSize: 4 })(withBadValue, place.dir, 12, 2, false);
    expect(await gen.next()).toEqual({ value: 1, done: false });
    await expect(gen.next()).rejects.toThrow(/position 2 is a function/);
    expect(await gen.next()).toEqual({ value: undefined, done: true });
  });
});
