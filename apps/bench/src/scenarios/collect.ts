/**
 * collect throughput: many small tasks at a fixed concurrency. The floor is
 * the smallest correct worker loop anyone could write by hand, so "× floor"
 * is the price of the library's bookkeeping (ordering, abort, laziness).
 */
import { collect } from 'aiox';
import pLimit from 'p-limit';
import pMap from 'p-map';
import PQueue from 'p-queue';
import { nsPerOp } from '../harness.js';
import type { CaseSpec, Contender, Scenario, Settings } from '../types.js';
import { checkBound, checkInOrder, indices, inFlight, taskKinds, type TaskKind } from '../work.js';

const WORKER_COUNTS = [16, 1024] as const;

type Thunk = () => Promise<number>;

/** p-map's mapper: the item is the task, run it. */
const call = (thunk: Thunk): Promise<number> => thunk();

/** The reference loop, verbatim in spirit: no abort, no laziness, no error handling. */
async function floor<T>(thunks: readonly (() => Promise<T>)[], workers: number): Promise<T[]> {
  const results = new Array<T>(thunks.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < thunks.length) {
      const i = next++;
      results[i] = await (thunks[i] as () => Promise<T>)();
    }
  }
  await Promise.all(Array.from({ length: Math.min(workers, thunks.length) }, worker));
  return results;
}

function contenders(kind: TaskKind, workers: number, n: number, minMs: number): Contender[] {
  // One input for everyone, built once, outside the clock: an array of
  // thunks, each API consuming it its own way. Building 100,000 closures
  // costs 40 ns to 3 µs each from run to run (all of it GC), more than the
  // floor itself, and p-map would not pay it: timing it would measure the
  // input, not the library.
  let built: readonly Thunk[] | undefined;
  const input = (): readonly Thunk[] => (built ??= indices(n).map((i) => () => kind.fn(i)));
  const timed = (name: string, run: (thunks: readonly Thunk[]) => Promise<readonly unknown[]>) => () => {
    const thunks = input();
    return nsPerOp(
      n,
      () => {
        inFlight.most = 0;
        return run(thunks);
      },
      (out) => {
        checkInOrder(out, n, name);
        checkBound(workers, name);
      },
      minMs,
    );
  };
  return [
    { name: 'floor', kind: 'floor', sample: timed('floor', (thunks) => floor(thunks, workers)) },
    { name: 'aiox collect', kind: 'aiox', sample: timed('aiox collect', (thunks) => collect(thunks, { workers })) },
    { name: 'p-map', kind: 'peer', sample: timed('p-map', (thunks) => pMap(thunks, call, { concurrency: workers })) },
    {
      name: 'p-limit',
      kind: 'peer',
      sample: timed('p-limit', (thunks) => {
        const limit = pLimit(workers);
        return Promise.all(thunks.map((thunk) => limit(thunk)));
      }),
    },
    {
      name: 'p-queue',
      kind: 'peer',
      sample: timed('p-queue', (thunks) => new PQueue({ concurrency: workers }).addAll(thunks)),
      // Its queue is an array it shift()s: quadratic, seconds per sample at 100,000 tasks.
      rounds: 3,
    },
  ];
}

function cases(settings: Settings): CaseSpec[] {
  const n = settings.quick ? 20_000 : 100_000;
  return taskKinds.flatMap((kind) =>
    WORKER_COUNTS.map(
      (workers): CaseSpec => ({
        id: `collect/${kind.id}/${workers}`,
        scenario: 'collect',
        title: `collect · ${kind.id} tasks · ${workers} workers`,
        unit: 'ns/task',
        ops: n,
        floor: 'floor',
        peer: 'p-map',
        contenders: contenders(kind, workers, n, settings.minSampleMs),
        targets: [
          { kind: 'ratio', subject: 'aiox collect', reference: 'floor', max: 1.5, label: 'aiox collect ≤ 1.5× floor' },
          { kind: 'ratio', subject: 'aiox collect', reference: 'p-map', max: 0.5, label: 'aiox collect ≤ 0.5× p-map' },
        ],
        note:
          `${n.toLocaleString('en-US')} thunks \`() => fn(i)\`, fn = \`${kind.label}\`, built once before timing and ` +
          'handed to every contender; output checked in order, and never more than the workers running at once.',
      }),
    ),
  );
}

export const collectScenario: Scenario = {
  id: 'collect',
  title: 'collect throughput',
  description:
    'Runs 100,000 tasks (20,000 with `--quick`) at 16 and at 1,024 workers and times the whole run, per task. Every contender gets ' +
    'the same input, an array of thunks `() => fn(i)` built once before timing: the floor (a hand-written ' +
    'worker loop) and aiox `collect` take it as is, p-map maps it with `t => t()`, p-limit as ' +
    '`Promise.all(thunks.map(t => limit(t)))`, p-queue as `addAll`. Two kinds of fn: `async (i) => i` ' +
    '(returns at once: pure library overhead) and one that awaits `setImmediate` first (a real event-loop ' +
    'turn, as I/O would). Every result array is checked (`results[i] === i`) after the clock stops, and ' +
    'so is the concurrency (never more tasks running at once than workers).',
  cases,
};
