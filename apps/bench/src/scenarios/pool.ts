/**
 * Worker pools. Round trips of `x => x + 1` with 64 calls in flight on two
 * workers: aiox `inThread` against tinypool and piscina driven by hand and a
 * bare `worker_threads` floor; aiox `inProcess` against tinypool's
 * child_process runtime and a bare `fork` floor. Then the chunked map over
 * many small items against one `inThread` call per item.
 *
 * Every sample starts its own pool, warms both workers, times, and ends the
 * pool, so no contender pays for another's workers or finds them cold.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { inProcess, inThread, mapInThreads, PROCESS_POOL, THREAD_POOL } from '@aiox/pool';
import { Piscina } from 'piscina';
import Tinypool from 'tinypool';
import { nsPerOp } from '../harness.js';
import type { CaseSpec, Contender, Scenario, Settings } from '../types.js';

const WORKERS = 2;
const IN_FLIGHT = 64;

// Bundled into dist/index.js: the fixtures sit in apps/bench/workers.
const fixture = (name: string): string => fileURLToPath(new URL(`../workers/${name}`, import.meta.url));
const ADD_ONE = fixture('add-one.mjs');
const ADD_ONE_CHUNK = fixture('add-one-chunk.mjs');
/** The chunk size aiox picks by default (MAX_DEFAULT_CHUNK, or four chunks a worker), used by hand for tinypool. */
const chunkSizeFor = (items: number): number => Math.min(4096, Math.ceil(items / (WORKERS * 4)));

/** Self-contained: shipped by its source text to aiox's workers. */
const addOne = (x: number): number => x + 1;

/** One way of making calls on a pool of `WORKERS` workers, and of ending it. */
interface Rig {
  readonly call: (x: number) => Promise<number>;
  readonly close: () => Promise<unknown>;
}

/** Makes `n` calls with `inFlight` pending at once; results by input. */
async function pump(call: Rig['call'], n: number, inFlight: number): Promise<number[]> {
  const out = new Array<number>(n);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      out[i] = await call(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, n) }, lane));
  return out;
}

function checkAddOne(name: string, out: readonly number[], n: number): void {
  if (out.length !== n) throw new Error(`${name}: ${out.length} results, expected ${n}`);
  for (let i = 0; i < n; i++) if (out[i] !== i + 1) throw new Error(`${name}: result ${i} is ${out[i]}, expected ${i + 1}`);
}

/** One sample: a fresh pool, warmed, timed, ended. */
async function sampleRig(name: string, make: () => Rig, n: number, minMs: number): Promise<number> {
  const rig = make();
  try {
    await pump(rig.call, IN_FLIGHT * 4, IN_FLIGHT);
    return await nsPerOp(n, () => pump(rig.call, n, IN_FLIGHT), (out) => checkAddOne(name, out, n), minMs);
  } finally {
    await rig.close();
  }
}

/** Answers to `[id, x]` messages, matched by id, from whichever endpoint sent them. */
function matcher(): { send: (post: (message: [number, number]) => void, x: number) => Promise<number>; hear: (m: [number, number]) => void } {
  const pending = new Map<number, (value: number) => void>();
  let id = 0;
  return {
    send: (post, x) =>
      new Promise<number>((resolve) => {
        const key = id++;
        pending.set(key, resolve);
        post([key, x]);
      }),
    hear: ([key, value]) => {
      pending.get(key)?.(value);
      pending.delete(key);
    },
  };
}

const rigs = {
  aioxThread: (): Rig => {
    THREAD_POOL.initialize({ maxWorkers: WORKERS });
    return { call: (x) => inThread(addOne, x), close: () => THREAD_POOL.shutdown() };
  },
  /**
   * The same calls with the function written inline, `inThread((v) => v + 1, x)`,
   * as the README's examples write it: a new closure every call, so aiox's
   * per-function cache of the checked source never hits.
   */
  aioxThreadInline: (): Rig => {
    THREAD_POOL.initialize({ maxWorkers: WORKERS });
    return { call: (x) => inThread((v: number) => v + 1, x), close: () => THREAD_POOL.shutdown() };
  },
  aioxProcess: (): Rig => {
    PROCESS_POOL.initialize({ maxWorkers: WORKERS });
    return { call: (x) => inProcess(addOne, x), close: () => PROCESS_POOL.shutdown() };
  },
  tinypool: (runtime: 'worker_threads' | 'child_process', serialization?: 'advanced') => (): Rig => {
    const pool = new Tinypool({ filename: ADD_ONE, runtime, minThreads: WORKERS, maxThreads: WORKERS, ...(serialization ? { serialization } : {}) });
    return { call: (x) => pool.run(x) as Promise<number>, close: () => pool.destroy() };
  },
  piscina: (): Rig => {
    const pool = new Piscina<number, number>({ filename: ADD_ONE, minThreads: WORKERS, maxThreads: WORKERS });
    return { call: (x) => pool.run(x), close: () => pool.destroy() };
  },
  /** The floor: one bare worker per slot, calls dealt round-robin. */
  rawThreads: (): Rig => {
    const match = matcher();
    const workers = Array.from({ length: WORKERS }, () => new Worker(fixture('raw-add-one.mjs')));
    for (const worker of workers) worker.on('message', match.hear);
    let turn = 0;
    return {
      call: (x) => {
        const worker = workers[turn++ % WORKERS] as Worker;
        return match.send((message) => worker.postMessage(message), x);
      },
      close: () => Promise.all(workers.map((worker) => worker.terminate())),
    };
  },
  rawProcesses: (): Rig => {
    const match = matcher();
    const children: ChildProcess[] = Array.from({ length: WORKERS }, () =>
      fork(fixture('raw-add-one-process.mjs'), { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
    for (const child of children) child.on('message', match.hear as (message: unknown) => void);
    let turn = 0;
    return {
      call: (x) => {
        const child = children[turn++ % WORKERS] as ChildProcess;
        return match.send((message) => child.send(message), x);
      },
      close: () =>
        Promise.all(
          children.map((child) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve).kill() : resolve(null)))),
        ),
    };
  },
};

const INLINE = 'aiox inThread, arrow inline';

function rigContender(name: string, kind: Contender['kind'], make: () => Rig, n: number, minMs: number): Contender {
  return { name, kind, sample: () => sampleRig(name, make, n, minMs) };
}

function roundTripThreads(n: number, minMs: number): CaseSpec {
  return {
    id: 'pool/round-trip/threads',
    scenario: 'pool',
    title: `pool · thread round trips · ${WORKERS} workers, ${IN_FLIGHT} in flight`,
    unit: 'ns/call',
    ops: n,
    floor: 'floor (bare worker_threads)',
    peer: 'tinypool',
    contenders: [
      rigContender('floor (bare worker_threads)', 'floor', rigs.rawThreads, n, minMs),
      rigContender('aiox inThread', 'aiox', rigs.aioxThread, n, minMs),
      rigContender(INLINE, 'aiox', rigs.aioxThreadInline, n, minMs),
      rigContender('tinypool', 'peer', rigs.tinypool('worker_threads'), n, minMs),
      rigContender('piscina', 'peer', rigs.piscina, n, minMs),
    ],
    targets: [
      { kind: 'ratio', subject: 'aiox inThread', reference: 'tinypool', max: 1, label: 'aiox inThread at least as fast as tinypool by hand' },
    ],
    note:
      `${n.toLocaleString('en-US')} calls of \`x => x + 1\` (x = 0…n-1), ${IN_FLIGHT} pending at once, on ${WORKERS} workers. aiox ships the ` +
      'function by its source text (an argument or result that cannot be sent is reported by name), once defined; ' +
      `"${INLINE}" (an extra, no target) writes it inline, \`inThread((v) => v + 1, x)\`, a new function every call; ` +
      'tinypool and piscina load a file exporting it; the floor posts `[id, x]` to bare workers dealt round-robin. Every result checked.',
  };
}

function roundTripProcesses(n: number, minMs: number): CaseSpec {
  return {
    id: 'pool/round-trip/processes',
    scenario: 'pool',
    title: `pool · process round trips · ${WORKERS} workers, ${IN_FLIGHT} in flight`,
    unit: 'ns/call',
    ops: n,
    floor: 'floor (bare fork)',
    peer: 'tinypool child_process',
    contenders: [
      rigContender('floor (bare fork)', 'floor', rigs.rawProcesses, n, minMs),
      rigContender('aiox inProcess', 'aiox', rigs.aioxProcess, n, minMs),
      rigContender('tinypool child_process', 'peer', rigs.tinypool('child_process'), n, minMs),
      rigContender("tinypool child_process, 'advanced' IPC", 'peer', rigs.tinypool('child_process', 'advanced'), n, minMs),
    ],
    targets: [
      {
        kind: 'ratio',
        subject: 'aiox inProcess',
        reference: 'tinypool child_process',
        max: 1,
        label: 'aiox inProcess at least as fast as tinypool child_process by hand',
      },
    ],
    note:
      `${n.toLocaleString('en-US')} calls of \`x => x + 1\`, ${IN_FLIGHT} pending at once, on ${WORKERS} child processes. aiox uses ` +
      "`serialization: 'advanced'` IPC (Maps, BigInts and buffers survive); tinypool by hand uses its default (JSON, which turns a Map " +
      "into {} and throws on a BigInt), and once more with `'advanced'` IPC, the way to keep such data; the floor forks two bare " +
      "children with `'advanced'` IPC.",
  };
}

function chunkedMap(items: number, perCall: number, minMs: number): CaseSpec {
  const input = Array.from({ length: items }, (_, i) => i);
  const mapName = 'aiox mapInThreads';
  const perCallName = 'aiox inThread per item';
  const handName = 'tinypool, chunked by hand';
  return {
    id: 'pool/map',
    scenario: 'pool',
    title: `pool · many small items · ${WORKERS} workers`,
    unit: 'ns/item',
    ops: items,
    peer: perCallName,
    contenders: [
      {
        name: mapName,
        kind: 'aiox',
        sample: async () => {
          THREAD_POOL.initialize({ maxWorkers: WORKERS });
          try {
            await mapInThreads(addOne, input.slice(0, 1000));
            return await nsPerOp(items, () => mapInThreads(addOne, input), (out) => checkAddOne(mapName, out, items), minMs);
          } finally {
            await THREAD_POOL.shutdown();
          }
        },
      },
      {
        name: handName,
        kind: 'peer',
        sample: async () => {
          const pool = new Tinypool({ filename: ADD_ONE_CHUNK, minThreads: WORKERS, maxThreads: WORKERS });
          const size = chunkSizeFor(items);
          const mapByHand = async (): Promise<number[]> => {
            const out = new Array<number>(items);
            const chunks: Promise<void>[] = [];
            for (let start = 0; start < items; start += size) {
              chunks.push(
                (pool.run(input.slice(start, start + size)) as Promise<number[]>).then((values) => {
                  for (let i = 0; i < values.length; i++) out[start + i] = values[i] as number;
                }),
              );
            }
            await Promise.all(chunks);
            // Filled in place: Array#flat would cost more than the whole map.
            return out;
          };
          try {
            await pool.run(input.slice(0, 1000));
            return await nsPerOp(items, mapByHand, (out) => checkAddOne(handName, out, items), minMs);
          } finally {
            await pool.destroy();
          }
        },
      },
      rigContender(perCallName, 'aiox', rigs.aioxThread, perCall, minMs),
    ],
    targets: [
      { kind: 'ratio', subject: mapName, reference: perCallName, max: 0.05, label: 'mapInThreads ≥ 20× faster per item than one inThread call per item' },
      { kind: 'ratio', subject: mapName, reference: handName, max: 1.25, label: 'mapInThreads within 1.25× of tinypool chunked by hand' },
    ],
    note:
      `\`mapInThreads(x => x + 1, items)\` over ${items.toLocaleString('en-US')} numbers with the default chunk size (${WORKERS} workers); ` +
      `tinypool by hand with the same chunks (${chunkSizeFor(items).toLocaleString('en-US')} items, a worker file mapping one), all submitted at once; ` +
      `${perCall.toLocaleString('en-US')} separate \`inThread\` calls (${IN_FLIGHT} in flight). Compared per item.`,
  };
}

function cases(settings: Settings): CaseSpec[] {
  const n = settings.quick ? 10_000 : 50_000;
  return [
    roundTripThreads(n, settings.minSampleMs),
    roundTripProcesses(settings.quick ? 5_000 : 20_000, settings.minSampleMs),
    chunkedMap(settings.quick ? 200_000 : 1_000_000, settings.quick ? 5_000 : 20_000, settings.minSampleMs),
  ];
}

export const poolScenario: Scenario = {
  id: 'pool',
  title: 'worker pools',
  description:
    'Round trips of `x => x + 1` on two workers with 64 calls in flight: aiox `inThread` against tinypool and piscina driven by hand ' +
    '(a worker file exporting the function) and a floor of bare `worker_threads` workers answering `postMessage`; aiox `inProcess` ' +
    "against tinypool's child_process runtime and a floor of bare forked children (an extra row calls `inThread` with the arrow " +
    'written inline, a new function every call, as in the README). Then `mapInThreads` over 1,000,000 small items ' +
    '(200,000 with `--quick`) against one `inThread` call per item (20,000; 5,000), per item. Each sample starts its own pool, warms it, times and ' +
    'ends it; every result is checked.',
  cases,
};
