/**
 * Synchronous calls into a worker. `async (x) => x` called N times in a
 * tight loop, each call blocking the main thread until the worker answers:
 * aiox `runDecorator` against synckit (`createSyncFn` on a worker file that
 * does `runAsWorker`) and a floor, the textbook bridge: a port to post
 * `[id, x]` on, and a shared word the caller sleeps on in `Atomics.wait`
 * until the worker stores the id and notifies.
 *
 * The cost is the round trip, so this is what a sync plugin hook or config
 * loader pays per call. Each contender's worker starts on its first sample
 * and stays for the rest of the case: synckit keeps one worker a file for the
 * life of the process and cannot end it, so aiox and the floor keep theirs
 * too (all three are unref'd: none keeps the process alive).
 */
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { runDecorator } from '@aiox/run';
import { createSyncFn } from 'synckit';
import { nsPerOp } from '../harness.js';
import type { CaseSpec, Contender, Scenario, Settings } from '../types.js';
import { checkSum } from '../work.js';

/** Calls made before each sample is timed; the first sample's also start the worker. */
const WARM_CALLS = 1000;

// Bundled into dist/index.js: the fixtures sit in apps/bench/workers.
const fixture = (name: string): string => fileURLToPath(new URL(`../workers/${name}`, import.meta.url));

type SyncCall = (x: number) => number;

/** The floor: a bare worker, a port, and one shared word holding the id of the last answered call. */
function rawBridge(): SyncCall {
  const { port1, port2 } = new MessageChannel();
  const state = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(fixture('raw-sync-identity.mjs'), { workerData: { port: port2, state }, transferList: [port2] });
  worker.unref();
  let id = 0;
  return (x) => {
    id++;
    port1.postMessage([id, x]);
    // Wakes when the worker stores this id; 'not-equal' at once if it already has.
    while (Atomics.load(state, 0) !== id) Atomics.wait(state, 0, id - 1);
    return (receiveMessageOnPort(port1)?.message as [number, number])[1];
  };
}

const makers: readonly { readonly name: string; readonly kind: Contender['kind']; readonly make: () => SyncCall }[] = [
  { name: 'floor (Atomics.wait bridge)', kind: 'floor', make: rawBridge },
  { name: 'aiox runDecorator', kind: 'aiox', make: () => runDecorator(async (x: number) => x) },
  { name: 'synckit', kind: 'peer', make: () => createSyncFn<(x: number) => Promise<number>>(fixture('synckit-identity.mjs')) },
];

/** `call(0)…call(n-1)`, one after the other, summed. */
function loop(call: SyncCall, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += call(i);
  return sum;
}

function contender(name: string, kind: Contender['kind'], make: () => SyncCall, n: number, minMs: number): Contender {
  let call: SyncCall | undefined;
  return {
    name,
    kind,
    sample: async () => {
      call ??= make();
      const bound = call;
      checkSum(loop(bound, WARM_CALLS), WARM_CALLS, name);
      return await nsPerOp(n, async () => loop(bound, n), (sum) => checkSum(sum, n, name), minMs);
    },
  };
}

function roundTrip(n: number, minMs: number): CaseSpec {
  const aiox = 'aiox runDecorator';
  const floor = 'floor (Atomics.wait bridge)';
  return {
    id: 'run-decorator/round-trip',
    scenario: 'run-decorator',
    title: 'run-decorator · blocking calls of async (x) => x in a worker',
    unit: 'ns/call',
    ops: n,
    floor,
    peer: 'synckit',
    contenders: makers.map((m) => contender(m.name, m.kind, m.make, n, minMs)),
    targets: [{ kind: 'ratio', subject: aiox, reference: 'synckit', max: 1, label: 'aiox runDecorator at least as fast as synckit' }],
    note:
      `${n.toLocaleString('en-US')} synchronous calls of \`async (x) => x\` (x = 0…n-1), one after the other, summed and checked; ` +
      `${WARM_CALLS.toLocaleString('en-US')} untimed calls first (the first sample's start the worker, which then stays). aiox ships the ` +
      'function by its source text; synckit loads a worker file doing `runAsWorker`; the floor posts `[id, x]` and sleeps in ' +
      '`Atomics.wait` until the worker stores the id (no spinning: aiox watches the shared word for about 20 µs before it sleeps, ' +
      'which can put it below this floor). Calls per second = 1e9 / (ns/call).',
  };
}

function cases(settings: Settings): CaseSpec[] {
  return [roundTrip(settings.quick ? 5_000 : 30_000, settings.minSampleMs)];
}

export const runDecoratorScenario: Scenario = {
  id: 'run-decorator',
  title: 'synchronous calls into a worker',
  description:
    'Blocking calls of `async (x) => x` run in a worker thread, one after the other: aiox `runDecorator` against synckit ' +
    '(`createSyncFn` on a worker file doing `runAsWorker`) and a floor, the textbook bridge (a `MessageChannel` port for `[id, x]`, a ' +
    '`SharedArrayBuffer` word the caller sleeps on in `Atomics.wait` until the worker stores the id and notifies, then ' +
    '`receiveMessageOnPort`). Each worker starts on its first sample and stays for the case (synckit keeps one a file for the ' +
    "process's life); every sample makes untimed calls first; every sum is checked.",
  cases,
};
