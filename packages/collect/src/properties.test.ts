import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collect, type CollectOptions, resolve, type Task, type TaskSource } from './index';

/*
 * Property tests over random sources: sizes, delays (none, a few microtasks,
 * a 0-1 ms timer), failures, workers, greediness and source kinds. Every
 * task reports to a probe, which checks the bounds at each pull and start.
 */

type Delay = { kind: 'sync' } | { kind: 'micro'; ticks: number } | { kind: 'timer'; ms: number };
interface Item {
  delay: Delay;
  fails: boolean;
}
type Kind = 'array' | 'generator' | 'async';

const delayArb: fc.Arbitrary<Delay> = fc.oneof(
  fc.constant({ kind: 'sync' as const }),
  fc.record({ kind: fc.constant('micro' as const), ticks: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant('timer' as const), ms: fc.integer({ min: 0, max: 1 }) }),
);
/** Up to 20 items, of which about one in four fails. */
const itemsArb: fc.Arbitrary<Item[]> = fc.array(
  fc.record({ delay: delayArb, fails: fc.integer({ min: 0, max: 3 }).map((n) => n === 0) }),
  { maxLength: 20 },
);
const kindArb = fc.constantFrom<Kind>('array', 'generator', 'async');
// Infinity is no bound (as p-map and p-limit take it): every property holds with it too.
const workersArb = fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant(Infinity));
const greedinessArb = fc.integer({ min: 0, max: 3 });

class Probe {
  running = 0;
  peak = 0;
  pulled = 0;
  finished = 0;
  maxReadAhead = 0;
  /** Indexes of the failed tasks, in the order their failures became visible. */
  readonly failures: number[] = [];
}

function wait(delay: Delay): Promise<void> | undefined {
  if (delay.kind === 'sync') return undefined;
  if (delay.kind === 'timer') return new Promise((done) => setTimeout(done, delay.ms));
  let promise = Promise.resolve();
  for (let i = 0; i < delay.ticks; i++) promise = promise.then(() => undefined);
  return promise;
}

/**
 * Tasks that report to the probe. A failure is recorded when it becomes
 * visible to whoever awaits the task: at once for a synchronous throw, else
 * by a rejection handler attached before the task is handed over, so it runs
 * right before the worker's own `await` resumes. That is the "in time" order
 * fail-fast promises to follow.
 */
function makeTasks(items: readonly Item[], probe: Probe): Task<number>[] {
  return items.map((item, index) => () => {
    probe.running++;
    probe.peak = Math.max(probe.peak, probe.running);
    const finish = (): number => {
      probe.running--;
      probe.finished++;
      if (item.fails) throw new Error(`fail ${index}`);
      return index;
    };
    const pending = wait(item.delay);
    if (pending === undefined) {
      if (item.fails) probe.failures.push(index);
      return finish();
    }
    const result = pending.then(finish);
    result.then(undefined, () => probe.failures.push(index));
    return result;
  });
}

/** The source, counting pulls and checking the read-ahead at each one. */
function makeSource(kind: Kind, tasks: Task<number>[], probe: Probe): TaskSource<number> {
  const pull = (task: Task<number>) => {
    probe.pulled++;
    probe.maxReadAhead = Math.max(probe.maxReadAhead, probe.pulled - probe.finished);
    return task;
  };
  if (kind === 'array') return tasks;
  if (kind === 'generator') {
    return (function* () {
      for (const task of tasks) yield pull(task);
    })();
  }
  const thunks = tasks as (() => number | Promise<number>)[];
  return (async function* () {
    for (const thunk of thunks) yield pull(thunk) as typeof thunk;
  })();
}

/**
 * The mapper form of the same run: the source yields the indexes as plain
 * items, and the mapper runs the task at the item's index. It checks that it
 * is handed its item's index, and that the item was not a task it should call.
 */
function mapperForm(kind: Kind, tasks: Task<number>[], probe: Probe) {
  const items = tasks.map((_, i) => i);
  let source: Iterable<number> | AsyncIterable<number> = items;
  const pull = (item: number) => {
    probe.pulled++;
    probe.maxReadAhead = Math.max(probe.maxReadAhead, probe.pulled - probe.finished);
    return item;
  };
  if (kind === 'generator') {
    source = (function* () {
      for (const item of items) yield pull(item);
    })();
  } else if (kind === 'async') {
    source = (async function* () {
      for (const item of items) yield pull(item);
    })();
  }
  const mapper = (item: number, index: number, signal: AbortSignal) => {
    if (item !== index || !(signal instanceof AbortSignal)) throw new Error(`mapper got item ${item} at index ${index}`);
    return (tasks[item] as (signal: AbortSignal) => number | Promise<number>)(signal);
  };
  return { source, mapper };
}

/** collect over the run, in the task form or the mapper form. */
function collectRun(kind: Kind, tasks: Task<number>[], probe: Probe, viaMapper: boolean, options: CollectOptions) {
  if (!viaMapper) return collect(makeSource(kind, tasks, probe), options);
  const { source, mapper } = mapperForm(kind, tasks, probe);
  return collect(source, mapper, options);
}

// FC_RUNS=2000 for a longer search.
// A browser has no process (nor FC_RUNS).
const RUNS = { numRuns: Number(globalThis.process?.env.FC_RUNS ?? 60) };

describe('properties', () => {
  it('collect: the results in source order, or the first error in time (task and mapper forms)', async () => {
    await fc.assert(
      fc.asyncProperty(itemsArb, kindArb, workersArb, fc.boolean(), async (items, kind, workers, viaMapper) => {
        const probe = new Probe();
        const outcome = await collectRun(kind, makeTasks(items, probe), probe, viaMapper, { workers }).then(
          (values) => ({ values }),
          (error: unknown) => ({ error }),
        );
        if (probe.failures.length === 0) {
          expect(outcome).toEqual({ values: items.map((_, i) => i) });
        } else {
          expect(outcome).toEqual({ error: new Error(`fail ${probe.failures[0]}`) });
        }
      }),
      RUNS,
    );
  });

  it('collect with stopOnError: false runs every task to its end, then all values or every failure in source order', async () => {
    await fc.assert(
      fc.asyncProperty(itemsArb, kindArb, workersArb, fc.boolean(), async (items, kind, workers, viaMapper) => {
        const probe = new Probe();
        const outcome = await collectRun(kind, makeTasks(items, probe), probe, viaMapper, {
          workers,
          stopOnError: false,
        }).then(
          (values) => ({ values }),
          (error: unknown) => ({ error }),
        );
        expect(probe.finished).toBe(items.length);
        expect(probe.running).toBe(0);
        const failed = items.flatMap((item, i) => (item.fails ? [`fail ${i}`] : []));
        if (failed.length === 0) {
          expect(outcome).toEqual({ values: items.map((_, i) => i) });
        } else {
          const { error } = outcome as { error: AggregateError };
          expect(error).toBeInstanceOf(AggregateError);
          expect(error.errors.map((e: Error) => e.message)).toEqual(failed);
          expect(error.message).toBe(`${failed.length} of ${items.length} tasks failed (see .errors)`);
        }
      }),
      RUNS,
    );
  });

  it('resolve over an async source with stopOnError: false: the values of the items that did not fail, in order, then every failure', async () => {
    await fc.assert(
      fc.asyncProperty(itemsArb, workersArb, greedinessArb, fc.boolean(), async (items, workers, workerGreediness, viaMapper) => {
        const probe = new Probe();
        const tasks = makeTasks(items, probe);
        const options = { workers, workerGreediness, stopOnError: false };
        let iterator: AsyncIterable<number>;
        if (viaMapper) {
          const { source, mapper } = mapperForm('async', tasks, probe);
          iterator = resolve(source as AsyncIterable<number>, mapper, options);
        } else {
          iterator = resolve(makeSource('async', tasks, probe) as AsyncIterable<Task<number>>, options);
        }
        const seen: unknown[] = [];
        let failures: unknown[] | undefined;
        try {
          for await (const value of iterator) seen.push(value);
        } catch (error) {
          failures = (error as AggregateError).errors.map((e: Error) => e.message);
        }
        expect(seen).toEqual(items.flatMap((item, i) => (item.fails ? [] : [i])));
        const failed = items.flatMap((item, i) => (item.fails ? [`fail ${i}`] : []));
        expect(failures).toEqual(failed.length === 0 ? undefined : failed);
        expect(probe.finished).toBe(items.length);
      }),
      RUNS,
    );
  });

  it('resolve over a sync source: one outcome per item, in source order, each its own', async () => {
    await fc.assert(
      fc.asyncProperty(
        itemsArb,
        fc.constantFrom<Kind>('array', 'generator'),
        workersArb,
        greedinessArb,
        fc.boolean(),
        async (items, kind, workers, workerGreediness, viaMapper) => {
          const probe = new Probe();
          const tasks = makeTasks(items, probe);
          const options = { workers, workerGreediness };
          let promises: Iterable<Promise<number>>;
          if (viaMapper) {
            const { source, mapper } = mapperForm(kind, tasks, probe);
            promises = resolve(source as Iterable<number>, mapper, options);
          } else {
            promises = resolve(makeSource(kind, tasks, probe) as Iterable<Task<number>>, options);
          }
          const seen: unknown[] = [];
          for (const next of promises) {
            seen.push(await next.catch((error: Error) => error.message));
            expect(probe.maxReadAhead).toBeLessThanOrEqual(workers);
          }
          expect(seen).toEqual(items.map((item, i) => (item.fails ? `fail ${i}` : i)));
        },
      ),
      RUNS,
    );
  });

  it('resolve over an async source: the values in order up to the first failed item, then its error', async () => {
    await fc.assert(
      fc.asyncProperty(itemsArb, workersArb, greedinessArb, async (items, workers, workerGreediness) => {
        const probe = new Probe();
        const source = makeSource('async', makeTasks(items, probe), probe) as AsyncIterable<Task<number>>;
        const seen: unknown[] = [];
        try {
          for await (const value of resolve(source, { workers, workerGreediness })) seen.push(value);
        } catch (error) {
          seen.push((error as Error).message);
        }
        const firstFailure = items.findIndex((item) => item.fails);
        const expected: unknown[] = items.map((_, i) => i);
        if (firstFailure >= 0) expected.splice(firstFailure, Infinity, `fail ${firstFailure}`);
        expect(seen).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('peak concurrency is min(workers, n), never more', async () => {
    const slowItems = fc.array(
      fc.record({ delay: fc.record({ kind: fc.constant('timer' as const), ms: fc.integer({ min: 0, max: 1 }) }), fails: fc.constant(false) }),
      { maxLength: 20 },
    );
    await fc.assert(
      fc.asyncProperty(
        slowItems,
        kindArb,
        workersArb,
        greedinessArb,
        fc.boolean(),
        fc.boolean(),
        async (items, kind, workers, workerGreediness, viaResolve, viaMapper) => {
          const probe = new Probe();
          const tasks = makeTasks(items, probe);
          const source = makeSource(kind, tasks, probe);
          if (!viaResolve) {
            await collectRun(kind, tasks, probe, viaMapper, { workers });
          } else if (kind === 'async') {
            for await (const value of resolve(source as AsyncIterable<Task<number>>, { workers, workerGreediness })) void value;
          } else {
            for (const next of resolve(source as Iterable<Task<number>>, { workers, workerGreediness })) await next;
          }
          expect(probe.peak).toBe(Math.min(workers, items.length));
        },
      ),
      RUNS,
    );
  });

  it('read-ahead (pulled - finished) never exceeds workers', async () => {
    await fc.assert(
      fc.asyncProperty(
        itemsArb,
        fc.constantFrom<Kind>('generator', 'async'),
        workersArb,
        greedinessArb,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        async (items, kind, workers, workerGreediness, viaResolve, viaMapper, stopOnError) => {
          const probe = new Probe();
          const tasks = makeTasks(items, probe);
          if (!viaResolve) {
            await collectRun(kind, tasks, probe, viaMapper, { workers, stopOnError }).catch(() => undefined);
            expect(probe.maxReadAhead).toBeLessThanOrEqual(workers);
            expect(probe.pulled).toBeLessThanOrEqual(items.length);
            return;
          }
          const source = makeSource(kind, tasks, probe);
          if (kind === 'async') {
            try {
              for await (const value of resolve(source as AsyncIterable<Task<number>>, { workers, workerGreediness })) void value;
            } catch {
              // The first failure ends it; the bound is what is checked.
            }
          } else {
            for (const next of resolve(source as Iterable<Task<number>>, { workers, workerGreediness })) {
              await next.catch(() => undefined);
            }
          }
          expect(probe.maxReadAhead).toBeLessThanOrEqual(workers);
          expect(probe.pulled).toBeLessThanOrEqual(items.length);
        },
      ),
      RUNS,
    );
  });
});
