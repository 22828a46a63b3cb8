/**
 * Generators in a worker. Many small values (0..n-1) streamed from a worker
 * thread and summed by a `for await` loop: aiox `generateInThread` in its
 * default (lazy) mode, one round trip a value, and in read-ahead mode
 * (`batchSize: 1024`), against a floor: a bare worker posting arrays of
 * 1,024 numbers, read through the smallest async iterator that can hand
 * them out (what any async-generator API pays per value).
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { generateInThread, THREAD_POOL } from 'aiox';
import { nsPerOp } from '../harness.js';
import type { CaseSpec, Scenario, Settings } from '../types.js';

const BATCH = 1024;
const POST_BATCHES = fileURLToPath(new URL('../workers/post-batches.mjs', import.meta.url));

/** Self-contained: shipped by its source text. */
function* upTo(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

const expectedSum = (n: number): number => (n * (n - 1)) / 2;

function checkSum(name: string, n: number): (sum: number) => void {
  return (sum) => {
    if (sum !== expectedSum(n)) throw new Error(`${name}: sum ${sum}, expected ${expectedSum(n)}`);
  };
}

async function sumOf(source: AsyncIterable<number>): Promise<number> {
  let sum = 0;
  for await (const value of source) sum += value;
  return sum;
}

/** The floor's consumer: the batches a bare worker posts, handed out one value a `next()`. */
function batchesFrom(worker: Worker, n: number): AsyncIterable<number> {
  const batches: number[][] = [];
  let current: number[] = [];
  let index = 0;
  let ended = false;
  let wake: (() => void) | undefined;
  const hear = (batch: number[] | null): void => {
    if (batch === null) ended = true;
    else batches.push(batch);
    wake?.();
    wake = undefined;
  };
  worker.on('message', hear);
  worker.postMessage(n);
  return {
    [Symbol.asyncIterator]: () => ({
      async next(): Promise<IteratorResult<number>> {
        for (;;) {
          if (index < current.length) return { value: current[index++] as number, done: false };
          const next = batches.shift();
          if (next !== undefined) {
            current = next;
            index = 0;
            continue;
          }
          if (ended) {
            worker.off('message', hear);
            return { value: undefined, done: true };
          }
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    }),
  };
}

function stream(values: number, lazyValues: number, minMs: number): CaseSpec {
  const batched = 'aiox generateInThread, batchSize 1024';
  const lazy = 'aiox generateInThread, default (lazy)';
  const floor = 'worker posting arrays of 1,024';
  const generateSample = (name: string, n: number, options: { batchSize?: number }) => async (): Promise<number> => {
    THREAD_POOL.initialize({ maxWorkers: 2 });
    try {
      await sumOf(generateInThread.with(options)(upTo, 1000));
      return await nsPerOp(n, () => sumOf(generateInThread.with(options)(upTo, n)), checkSum(name, n), minMs);
    } finally {
      await THREAD_POOL.shutdown();
    }
  };
  return {
    id: 'generate/stream',
    scenario: 'generate',
    title: 'generate · small values from a worker thread',
    unit: 'ns/value',
    ops: values,
    floor,
    peer: lazy,
    contenders: [
      { name: batched, kind: 'aiox', sample: generateSample(batched, values, { batchSize: BATCH }) },
      { name: lazy, kind: 'aiox', sample: generateSample(lazy, lazyValues, {}) },
      {
        name: floor,
        kind: 'floor',
        sample: async () => {
          const worker = new Worker(POST_BATCHES);
          try {
            await sumOf(batchesFrom(worker, 1000));
            return await nsPerOp(values, () => sumOf(batchesFrom(worker, values)), checkSum(floor, values), minMs);
          } finally {
            await worker.terminate();
          }
        },
      },
    ],
    targets: [
      { kind: 'ratio', subject: batched, reference: lazy, max: 0.05, label: 'generate batched mode ≥ 20× the default mode' },
      { kind: 'ratio', subject: batched, reference: floor, max: 3, label: 'generate batched mode within 3× of a worker posting arrays' },
    ],
    note:
      `${values.toLocaleString('en-US')} numbers summed by \`for await\` (read-ahead and floor); the lazy mode, one round trip a value, ` +
      `streams ${lazyValues.toLocaleString('en-US')} (its cost per value does not depend on the count). Values per second = 1e9 / (ns/value).`,
  };
}

function cases(settings: Settings): CaseSpec[] {
  return [stream(settings.quick ? 200_000 : 1_000_000, settings.quick ? 5_000 : 20_000, settings.minSampleMs)];
}

export const generateScenario: Scenario = {
  id: 'generate',
  title: 'generators in workers',
  description:
    'Small values streamed from a worker thread and summed by `for await`: aiox `generateInThread` lazily (one round trip a value) and ' +
    'with `batchSize: 1024` (the worker runs ahead by at most two batches), against a bare worker posting arrays of 1,024 numbers read ' +
    'through a minimal async iterator. Each sample starts its own pool or worker, warms it, times, and ends it.',
  cases,
};
