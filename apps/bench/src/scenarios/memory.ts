/**
 * Retained heap on a lazy source: a generator of a million items that only
 * exist when pulled. Each contender builds its input from it lazily, the way
 * its users write it (aiox a generator of thunks over it, p-map a mapper,
 * p-limit `limit(() => work(x))` for each). A streaming consumer should hold
 * a bounded window of them; an API that returns everything at the end must
 * hold every result, and one that takes promises must create them all up
 * front.
 */
import { resolve } from 'aiox';
import pLimit from 'p-limit';
import pMap from 'p-map';
import { retainedHeap } from '../gc.js';
import type { CaseSpec, Contender, Scenario, Settings } from '../types.js';
import { checkSum } from '../work.js';

const MIB = 1024 * 1024;
const WORKERS = 1024;

const work = async (i: number): Promise<number> => i;

/** Lazily yields 0…n-1 and calls `probe` every `every` items, from inside the pull. */
function* items(n: number, every: number, probe: () => void): Generator<number> {
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % every === 0) probe();
    yield i;
  }
}

/** aiox's input over a lazy source: a thunk for each item, made when it is pulled. */
function* thunksOf(source: Iterable<number>): Generator<() => Promise<number>> {
  for (const x of source) yield () => work(x);
}

/**
 * Runs `consume` over a fresh generator and returns the largest growth of the
 * heap (after a full GC) seen at any probe, in MiB. The consumer calls the
 * last probe itself, while it still holds whatever its API handed back.
 */
async function maxGrowth(
  n: number,
  every: number,
  consume: (source: Generator<number>, probe: () => void) => Promise<number>,
  who: string,
): Promise<number> {
  let worst = 0;
  let base = 0;
  const probe = (): void => {
    worst = Math.max(worst, retainedHeap() - base);
  };
  const source = items(n, every, probe);
  base = retainedHeap();
  const sum = await consume(source, probe);
  checkSum(sum, n, who);
  return worst / MIB;
}

function contenders(n: number, every: number): Contender[] {
  const measure = (
    name: string,
    kind: Contender['kind'],
    consume: Parameters<typeof maxGrowth>[2],
    rounds?: number,
  ): Contender => ({
    name,
    kind,
    sample: () => maxGrowth(n, every, consume, name),
    ...(rounds === undefined ? {} : { rounds }),
  });
  return [
    measure('aiox resolve (for…of)', 'aiox', async (source, probe) => {
      let sum = 0;
      for (const next of resolve(thunksOf(source), { workers: WORKERS, workerGreediness: 1 })) sum += await next;
      probe();
      return sum;
    }),
    measure('aiox resolve (for await)', 'aiox', async (source, probe) => {
      let sum = 0;
      for await (const value of resolve(thunksOf(source), { workers: WORKERS, workerGreediness: 1 })) sum += value;
      probe();
      return sum;
    }),
    measure('p-map', 'peer', async (source, probe) => {
      // p-map pulls the generator lazily but returns one array of every result.
      const results = await pMap(source, (x) => work(x), { concurrency: WORKERS });
      probe();
      return results.reduce((a, b) => a + b, 0);
    }),
    // Hundreds of MiB, identical every time, and each full GC over them takes
    // about a second: one round says all there is to say.
    measure(
      'p-limit',
      'peer',
      async (source, probe) => {
        // p-limit takes calls, not a source: every promise exists before the first await.
        const limit = pLimit(WORKERS);
        const results = await Promise.all(Array.from(source, (x) => limit(() => work(x))));
        probe();
        return results.reduce((a, b) => a + b, 0);
      },
      1,
    ),
  ];
}

function cases(settings: Settings): CaseSpec[] {
  const n = settings.quick ? 200_000 : 1_000_000;
  const every = n / 10;
  return [
    {
      id: 'memory/lazy-source',
      scenario: 'memory',
      title: `retained heap · ${n.toLocaleString('en-US')} lazy items`,
      unit: 'MiB',
      ops: n,
      peer: 'p-map',
      contenders: contenders(n, every),
      targets: [
        { kind: 'value', subject: 'aiox resolve (for…of)', max: 4, label: 'aiox resolve (for…of) < 4 MiB' },
        { kind: 'value', subject: 'aiox resolve (for await)', max: 4, label: 'aiox resolve (for await) < 4 MiB' },
      ],
      // A sample is a million items and ten full collections: few rounds are
      // enough, heap sizes do not jitter the way timings do.
      rounds: settings.quick ? 1 : 3,
      warmup: 0,
      note:
        `Largest heap growth after \`gc()\`, probed every ${every.toLocaleString('en-US')} items and once at the end ` +
        `(while the consumer still holds its results); ${WORKERS} workers everywhere, aiox with \`workerGreediness: 1\`. ` +
        'Each builds its input from the items as they are pulled: aiox a generator of thunks `() => work(x)`, p-map the mapper ' +
        '`(x) => work(x)`, p-limit `limit(() => work(x))` for each.',
    },
  ];
}

export const memoryScenario: Scenario = {
  id: 'memory',
  title: 'retained heap on a lazy source',
  description:
    'A generator yields a million items (200,000 with `--quick`), created only when pulled, and each contender builds its input from ' +
    'them as they come, the way its users write it: aiox a generator of thunks `() => work(x)`, p-map the mapper `(x) => work(x)`, ' +
    'p-limit `limit(() => work(x))` for each item, with `work = async (i) => i`. Each adds up the values; the heap is measured after a full GC before the run, at every tenth of the items ' +
    '(from inside the generator) and at the end, and the largest growth is reported. aiox `resolve` streams ' +
    '(`for (const p of resolve(gen)) await p`, and `for await`); p-map pulls lazily but returns every result ' +
    'in one array; p-limit needs every promise created up front.',
  cases,
};
