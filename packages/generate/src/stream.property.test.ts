// Whatever the batch size, the credit and the consumer's pace, the consumer
// sees exactly what the generator yielded, in order, then how it ended.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateInProcess, generateInThread } from './index';
import { pause, RUNTIMES, shutDownPoolsAfterAll } from './testing/helpers';

shutDownPoolsAfterAll();

/**
 * Shipped by source: 1..count, a value that cannot be copied at `bad`, a
 * throw after `throwAfter` values (0: none), a pause every `slowEvery`.
 */
async function* scripted(count: number, bad: number, throwAfter: number, slowEvery: number): AsyncGenerator<unknown> {
  for (let i = 1; i <= count; i++) {
    if (slowEvery > 0 && i % slowEvery === 0) await new Promise((resolve) => setTimeout(resolve, 12));
    yield i === bad ? Symbol('bad') : i;
    if (i === throwAfter) throw new RangeError(`thrown after ${i}`);
  }
}

const scenario = fc.record({
  mode: fc.oneof(fc.constant({}), fc.record({ batchSize: fc.integer({ min: 1, max: 6 }), readAhead: fc.integer({ min: 1, max: 3 }) })),
  count: fc.integer({ min: 0, max: 25 }),
  bad: fc.integer({ min: 0, max: 30 }),
  throwAfter: fc.integer({ min: 0, max: 30 }),
  slowEvery: fc.constantFrom(0, 0, 3, 7),
  // After which values the consumer stops for a while (the worker runs ahead, or ends, meanwhile).
  waits: fc.array(fc.integer({ min: 1, max: 25 }), { maxLength: 3 }),
  // After which value the consumer breaks out (0: never).
  breakAfter: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 25 })),
});

/** What the consumer must see for a scenario: the values before the first failure, then it. */
function expected(count: number, bad: number, throwAfter: number): { values: number[]; failure: RegExp | undefined } {
  const badAt = bad >= 1 && bad <= count ? bad : Infinity;
  const throwAt = throwAfter >= 1 && throwAfter <= count ? throwAfter : Infinity;
  if (badAt <= throwAt && badAt !== Infinity) {
    const failure = new RegExp(`^the value yielded at position ${badAt} is a symbol`);
    return { values: Array.from({ length: badAt - 1 }, (_, i) => i + 1), failure };
  }
  if (throwAt !== Infinity) {
    return { values: Array.from({ length: throwAt }, (_, i) => i + 1), failure: new RegExp(`^thrown after ${throwAt}$`) };
  }
  return { values: Array.from({ length: count }, (_, i) => i + 1), failure: undefined };
}

describe.each(RUNTIMES)('any stream in %s', (runtime) => {
  const generate = runtime === 'worker_threads' ? generateInThread : generateInProcess;

  it('delivers every value yielded, in order, then the failure or done, once; a break before the end throws nothing', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ mode, count, bad, throwAfter, slowEvery, waits, breakAfter }) => {
        const gen = generate.with(mode)(scripted, count, bad, throwAfter, slowEvery);
        const seen: unknown[] = [];
        let failure: unknown;
        try {
          for await (const value of gen) {
            seen.push(value);
            if (waits.includes(seen.length)) await pause(30);
            if (seen.length === breakAfter) break;
          }
        } catch (error) {
          failure = error;
        }
        const all = expected(count, bad, throwAfter);
        // A break before the end sees no failure met further on.
        const broke = breakAfter > 0 && breakAfter <= all.values.length;
        const want = broke ? { values: all.values.slice(0, breakAfter), failure: undefined } : all;
        expect(seen).toEqual(want.values);
        if (want.failure === undefined) expect(failure).toBeUndefined();
        else expect((failure as Error | undefined)?.message).toMatch(want.failure);
        expect(await gen.next()).toEqual({ value: undefined, done: true });
      }),
      { numRuns: 40 },
    );
  });

  it('lazy mode answers any sequence of next(v), throw(e) and return(v) as the generator run here does', async () => {
    const step = fc.oneof(
      fc.record({ op: fc.constant('next' as const), value: fc.option(fc.string({ maxLength: 3 }), { nil: undefined }) }),
      fc.record({ op: fc.constant('throw' as const), value: fc.string({ maxLength: 3 }) }),
      fc.record({ op: fc.constant('return' as const), value: fc.constant(undefined) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 4 }), fc.array(step, { maxLength: 10 }), async (limit, steps) => {
        const outcomes = async (gen: AsyncGenerator<string, void, string | undefined>): Promise<unknown[]> => {
          const seen: unknown[] = [];
          for (const { op, value } of steps) {
            const asked = op === 'next' ? gen.next(value) : op === 'throw' ? gen.throw(new RangeError(value)) : gen.return(value);
            seen.push(await asked.then((result) => result, (error: unknown) => `rejected: ${(error as Error).message}`));
          }
          // Finished, so its worker is free for the next run (its finally yields once).
          while ((await gen.return()).done !== true);
          return seen;
        };
        const local = async function* (): AsyncGenerator<string, void, string | undefined> {
          yield* echoing(limit);
        };
        expect(await outcomes(generate(echoing, limit))).toEqual(await outcomes(local()));
      }),
      { numRuns: 30 },
    );
  });
});

// Shipped by source: answers what it is sent, catches what it is thrown (once a round), yields in its finally.
function* echoing(limit: number): Generator<string, void, string | undefined> {
  try {
    for (let round = 0; round < limit; round++) {
      try {
        const got = yield `round ${round}`;
        if (got !== undefined) yield `got ${got}`;
      } catch (error) {
        if ((error as Error).message === 'x') throw error;
        yield `caught ${(error as Error).message}`;
      }
    }
  } finally {
    yield 'finally';
  }
}
