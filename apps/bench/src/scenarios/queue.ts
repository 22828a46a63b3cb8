/**
 * A long-lived priority queue, timed per task: aiox `Queue` against p-queue
 * and a floor, the smallest FIFO queue with promises anyone could write by
 * hand (a ring of pending jobs and a running counter; `add` returns a new
 * promise; no priorities, no events, no abort). "× floor" is what a queue
 * costs beyond what any promise-returning queue must.
 *
 * Every contender is handed plain data (the burst sizes) and the run's
 * task, and builds what its API takes inside the timed run, as its users
 * write it: the queue itself, a thunk
 * `() => fn(x)` per task, an options object `{ priority: x % 7 }` per `add`
 * (and, in the signals case, an `AbortController` per task and a
 * `completed` listener).
 */
import { Queue } from 'aiox';
import PQueue from 'p-queue';
import { nsPerFreshRun } from '../harness.js';
import type { CaseSpec, Contender, Scenario, Settings } from '../types.js';
import { checkInOrder, immediate, type Task } from '../work.js';

export const CONCURRENCY = 16;
export const PRIORITIES = 7;
const ARRIVING_TASKS = 20_000;
const ONE_BY_ONE_TASKS = 20_000;
const AT_ONCE_TASKS = 50_000;
/** Bursts of 1 to this many tasks, one event-loop turn apart. */
const LONGEST_BURST = 64;

/**
 * The order in which the tasks of the run being timed started: the task
 * writes its number when it is called, which is when its queue starts it.
 * Checked after the clock stops, so a queue that drops the priorities, or
 * runs more than its concurrency at once, fails instead of winning.
 */
const started = { order: new Int32Array(AT_ONCE_TASKS), count: 0 };

/** The work of every task, for every contender: note the start, return the number. */
export const work: Task = async (i) => {
  started.order[started.count++] = i;
  return i;
};

type Thunk = () => Promise<number>;

/** A queue opened for one run, with `add` as its users call it. */
export interface OpenQueue {
  add(thunk: Thunk, priority: number): Promise<unknown>;
  /** `add` with a signal of the task's own. */
  addWithSignal(thunk: Thunk, priority: number, signal: AbortSignal): Promise<unknown>;
}

export interface QueueForm {
  readonly name: string;
  readonly kind: Contender['kind'];
  /** Whether it honours priorities: the floor runs first come, first served. */
  readonly priorities: boolean;
  /** Makes the queue (inside the timed run); with `onCompleted`, listens to its completions as its users do. */
  readonly open: (concurrency: number, onCompleted?: (value: unknown) => void) => OpenQueue;
}

interface Job {
  readonly thunk: Thunk;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (value: number) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * The floor: first come, first served, a ring of pending jobs, a running
 * counter, and one async loop per busy slot that runs a job, then the next
 * queued, until none is left. `add` starts the job at once when a slot is
 * free. A signal is only checked when the task starts (no listener: a task
 * aborted while queued waits for its turn to reject); `onDone` is a plain
 * callback, not an event.
 */
export class FloorQueue {
  readonly #concurrency: number;
  readonly #onDone: ((value: number) => void) | undefined;
  #running = 0;
  #ring: (Job | undefined)[] = new Array<Job | undefined>(16);
  #head = 0;
  #size = 0;

  constructor(concurrency: number, onDone?: (value: number) => void) {
    this.#concurrency = concurrency;
    this.#onDone = onDone;
  }

  add(thunk: Thunk, signal?: AbortSignal): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const job: Job = { thunk, signal, resolve, reject };
      if (this.#running < this.#concurrency) {
        this.#running++;
        void this.#work(job);
      } else this.#push(job);
    });
  }

  async #work(first: Job): Promise<void> {
    for (let job: Job | undefined = first; job !== undefined; job = this.#shift()) {
      try {
        job.signal?.throwIfAborted();
        const value = await job.thunk();
        job.resolve(value);
        this.#onDone?.(value);
      } catch (error) {
        job.reject(error);
      }
    }
    this.#running--;
  }

  #push(job: Job): void {
    let ring = this.#ring;
    if (this.#size === ring.length) {
      // Full: unroll into one twice as long, oldest first.
      const grown = new Array<Job | undefined>(ring.length * 2);
      for (let i = 0; i < this.#size; i++) grown[i] = ring[(this.#head + i) & (ring.length - 1)];
      this.#ring = ring = grown;
      this.#head = 0;
    }
    ring[(this.#head + this.#size) & (ring.length - 1)] = job;
    this.#size++;
  }

  #shift(): Job | undefined {
    if (this.#size === 0) return undefined;
    const ring = this.#ring;
    const job = ring[this.#head];
    ring[this.#head] = undefined;
    this.#head = (this.#head + 1) & (ring.length - 1);
    this.#size--;
    return job;
  }
}

export const queueForms: readonly QueueForm[] = [
  {
    name: 'floor',
    kind: 'floor',
    priorities: false,
    open: (concurrency, onCompleted) => {
      const queue = new FloorQueue(concurrency, onCompleted);
      return { add: (thunk) => queue.add(thunk), addWithSignal: (thunk, _priority, signal) => queue.add(thunk, signal) };
    },
  },
  {
    name: 'aiox Queue',
    kind: 'aiox',
    priorities: true,
    open: (concurrency, onCompleted) => {
      const queue = new Queue({ concurrency });
      if (onCompleted !== undefined) queue.addEventListener('completed', (event) => onCompleted(event.detail));
      return {
        add: (thunk, priority) => queue.add(thunk, { priority }),
        addWithSignal: (thunk, priority, signal) => queue.add(thunk, { priority, signal }),
      };
    },
  },
  {
    name: 'p-queue',
    kind: 'peer',
    priorities: true,
    open: (concurrency, onCompleted) => {
      const queue = new PQueue({ concurrency });
      if (onCompleted !== undefined) queue.on('completed', onCompleted);
      return {
        add: (thunk, priority) => queue.add(thunk, { priority }),
        addWithSignal: (thunk, priority, signal) => queue.add(thunk, { priority, signal }),
      };
    },
  },
];

/**
 * The labelled extra: no queue at all, each thunk called as it is added
 * (no bound, no order). It is what the shape itself costs every contender
 * (the thunks, the task's promise, the turns between bursts, `Promise.all`),
 * so the room a target leaves a queue can be read off the table. No target
 * is judged on it.
 */
export const NO_QUEUE = 'no queue (extra)';

const noQueue: QueueForm = {
  name: NO_QUEUE,
  kind: 'floor',
  priorities: false,
  open: () => ({ add: (thunk) => thunk(), addWithSignal: (thunk) => thunk() }),
};

/**
 * Burst sizes of 1…`LONGEST_BURST` (mean about 33), from a fixed pseudo-random
 * sequence, so every contender, every run, sees the same arrivals; the last
 * one is cut to make `n`.
 */
export function burstSizes(n: number): number[] {
  const sizes: number[] = [];
  let seed = 0x2545f491;
  for (let total = 0; total < n; ) {
    // xorshift32
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    const size = Math.min(((seed >>> 0) % LONGEST_BURST) + 1, n - total);
    sizes.push(size);
    total += size;
  }
  return sizes;
}

/**
 * The start order a correct queue gives `bursts`, each added synchronously
 * into an idle queue: the first `concurrency` tasks of a burst start as they
 * are added, the rest queue and start by priority (`x % 7`, highest first),
 * equal ones in the order added. First come, first served for the floor.
 * Every burst drains before the next: the tasks only take microtasks, and
 * the bursts are an event-loop turn apart.
 */
export function expectedStarts(bursts: readonly number[], concurrency: number, priorities: boolean): Int32Array {
  const n = bursts.reduce((a, b) => a + b, 0);
  const order = new Int32Array(n);
  let at = 0;
  let from = 0;
  for (const size of bursts) {
    const queued: number[] = [];
    for (let x = from; x < from + size; x++) {
      if (x - from < concurrency || !priorities) order[at++] = x;
      else queued.push(x);
    }
    // Array#sort is stable: equal priorities keep the order added.
    queued.sort((a, b) => (b % PRIORITIES) - (a % PRIORITIES));
    for (const x of queued) order[at++] = x;
    from += size;
  }
  return order;
}

export function checkStarts(expected: Int32Array, who: string): void {
  if (started.count !== expected.length) throw new Error(`${who}: ${started.count} tasks started, expected ${expected.length}`);
  for (let k = 0; k < expected.length; k++) {
    if (started.order[k] !== expected[k]) {
      throw new Error(`${who}: start ${k} was task ${started.order[k]}, expected ${expected[k]} (priorities or concurrency not honoured)`);
    }
  }
}

export type Shape = 'arriving' | 'one-by-one' | 'at-once' | 'signals';

/**
 * One run of a case, from plain data and the run's task, everything the
 * contender's users build made inside it. `arriving` and `signals`: the
 * bursts one event-loop turn apart; `one-by-one` and `at-once`: one burst of
 * every task.
 */
export async function runShape(
  form: QueueForm,
  shape: Shape,
  bursts: readonly number[],
  task: Task,
): Promise<{ results: unknown[]; completed: number }> {
  started.count = 0;
  let completed = 0;
  const queue = form.open(CONCURRENCY, shape === 'signals' ? () => void completed++ : undefined);
  const pending: Promise<unknown>[] = [];
  let x = 0;
  for (const size of bursts) {
    for (const end = x + size; x < end; x++) {
      const i = x;
      if (shape === 'signals') {
        const controller = new AbortController();
        pending.push(queue.addWithSignal(() => task(i), i % PRIORITIES, controller.signal));
      } else pending.push(queue.add(() => task(i), i % PRIORITIES));
    }
    if (shape === 'arriving' || shape === 'signals') await immediate();
  }
  return { results: await Promise.all(pending), completed };
}

function contender(form: QueueForm, shape: Shape, bursts: readonly number[], minMs: number): Contender {
  const n = bursts.reduce((a, b) => a + b, 0);
  const expected = expectedStarts(bursts, CONCURRENCY, form.priorities);
  return {
    name: form.name,
    kind: form.kind,
    sample: () =>
      nsPerFreshRun(
        n,
        work,
        form.name,
        (task) => runShape(form, shape, bursts, task),
        ({ results, completed }) => {
          checkInOrder(results, n, form.name);
          checkStarts(expected, form.name);
          if (shape === 'signals' && completed !== n) throw new Error(`${form.name}: ${completed} completed events, expected ${n}`);
        },
        minMs,
      ),
  };
}

const ARRIVALS =
  'Tasks arrive in bursts, as links parsed from a fetched page or requests read off a socket do: 1 to 64 tasks a burst ' +
  '(a fixed pseudo-random sequence, mean about 33, the same for everyone), added one at a time in a synchronous loop, one ' +
  'event-loop turn (`await setImmediate`) between bursts, in which the queue runs what it holds';

function cases(settings: Settings): CaseSpec[] {
  const ms = settings.minSampleMs;
  const arriving = burstSizes(ARRIVING_TASKS);
  const atOnce = [AT_ONCE_TASKS];
  const oneByOne = [ONE_BY_ONE_TASKS];
  const each = (shape: Shape, bursts: readonly number[]): Contender[] => {
    const forms = shape === 'signals' ? queueForms : [...queueForms, noQueue];
    return forms.map((form) => contender(form, shape, bursts, ms));
  };
  const bursts = `${arriving.length} bursts`;
  const written =
    'Each contender builds, inside every timed run, its queue (`new Queue({ concurrency: 16 })`, `new PQueue({ concurrency: 16 })`, ' +
    'the floor\'s), a thunk `() => fn(x)` per task and, but for the floor, an options object `{ priority: x % 7 }` per `add`; ' +
    'the promises `add` returns are awaited with `Promise.all`. Checked after the clock: every result (`results[x] === x`) and the ' +
    'order the tasks started in (the first 16 of a burst as added, the rest by priority, equal ones as added; the floor first come, ' +
    `first served). "${NO_QUEUE}" calls each thunk as it is added, with no queue: what the shape costs everyone; no target.`;
  return [
    {
      id: 'queue/arriving',
      scenario: 'queue',
      title: `queue · ${ARRIVING_TASKS.toLocaleString('en-US')} tasks arriving in bursts of 1 to ${LONGEST_BURST} over ${PRIORITIES} priorities, concurrency ${CONCURRENCY}`,
      unit: 'ns/task',
      ops: ARRIVING_TASKS,
      floor: 'floor',
      peer: 'p-queue',
      contenders: each('arriving', arriving),
      targets: [],
      note:
        `fn = \`async (x) => x\` (it notes when it starts). ${ARRIVALS} (${bursts}). ${written} No target: with at most 48 ` +
        'queued, p-queue\'s sorted-array insertion costs little, and 0.3× p-queue would be nearer "no queue" than the floor is.',
    },
    {
      id: 'queue/one-by-one',
      scenario: 'queue',
      title: `queue · ${ONE_BY_ONE_TASKS.toLocaleString('en-US')} tasks added one by one over ${PRIORITIES} priorities, concurrency ${CONCURRENCY}`,
      unit: 'ns/task',
      ops: ONE_BY_ONE_TASKS,
      floor: 'floor',
      peer: 'p-queue',
      contenders: each('one-by-one', oneByOne),
      targets: [
        { kind: 'ratio', subject: 'aiox Queue', reference: 'p-queue', max: 0.3, label: 'aiox Queue ≤ 0.3× p-queue (must)' },
        { kind: 'ratio', subject: 'aiox Queue', reference: 'floor', max: 1.5, label: 'aiox Queue ≤ 1.5× floor (goal)' },
      ],
      note:
        `fn = \`async (x) => x\`. ${ONE_BY_ONE_TASKS.toLocaleString('en-US')} calls of \`add\`, one per task, in one synchronous ` +
        'loop (as a producer that reads its whole input before it yields), then awaited: the backlog grows to the whole run, ' +
        'which is what p-queue\'s sorted-array insertion pays for. ' +
        written,
    },
    {
      id: 'queue/at-once',
      scenario: 'queue',
      title: `queue · ${AT_ONCE_TASKS.toLocaleString('en-US')} tasks queued at once over ${PRIORITIES} priorities, concurrency ${CONCURRENCY}`,
      unit: 'ns/task',
      ops: AT_ONCE_TASKS,
      floor: 'floor',
      peer: 'p-queue',
      contenders: each('at-once', atOnce),
      targets: [
        { kind: 'ratio', subject: 'aiox Queue', reference: 'p-queue', max: 0.1, label: 'aiox Queue ≤ 0.1× p-queue (must)' },
        { kind: 'ratio', subject: 'aiox Queue', reference: 'p-queue', max: 0.05, label: 'aiox Queue ≤ 0.05× p-queue (goal)' },
      ],
      note:
        `fn = \`async (x) => x\`. All ${AT_ONCE_TASKS.toLocaleString('en-US')} tasks added in one synchronous loop, then awaited: ` +
        'the backlog is the whole run, and p-queue keeps it in one array sorted by priority, `splice`d into on every add. ' +
        written,
    },
    {
      id: 'queue/signals',
      scenario: 'queue',
      title: `queue · ${ARRIVING_TASKS.toLocaleString('en-US')} tasks arriving in bursts, a 'completed' listener and an AbortSignal per task`,
      unit: 'ns/task',
      ops: ARRIVING_TASKS,
      floor: 'floor',
      peer: 'p-queue',
      contenders: each('signals', arriving),
      targets: [],
      note:
        `The arrivals of \`queue/arriving\`, with what a server adds: a \`completed\` listener on the queue counting completions ` +
        '(aiox `addEventListener`, p-queue `on`; the floor calls a plain callback), and for every task a new `AbortController` ' +
        'whose signal goes with the task (`{ priority, signal }`). The floor only checks the signal when the task starts; aiox and ' +
        'p-queue listen to it (each `addEventListener` on an `AbortSignal` costs microseconds in Node 20), so "× floor" here is ' +
        'mostly what listening costs. No target: an extra, to show what the options cost.',
    },
  ];
}

export const queueScenario: Scenario = {
  id: 'queue',
  title: 'priority queue',
  description:
    'A long-lived priority queue at concurrency 16, timed per task: aiox `Queue` against p-queue 8 and a floor, the smallest FIFO ' +
    'queue with promises (a ring of pending jobs, a running counter, one loop per busy slot; no priorities), the least any ' +
    'promise-returning queue costs. Tasks are `async (x) => x` over 7 priorities (`x % 7`). `queue/arriving`: 20,000 tasks in bursts ' +
    'of 1 to 64 (a fixed pseudo-random sequence), added one at a time, one event-loop turn apart. `queue/one-by-one` and ' +
    '`queue/at-once`: 20,000 and 50,000 tasks added in one synchronous loop, then awaited. `queue/signals`: the arriving shape with a `completed` listener and a new ' +
    '`AbortController`\'s signal per task. Each contender builds its queue, a thunk `() => fn(x)` and an options object per task ' +
    'inside the timed run; every result and the order the tasks started in are checked after the clock stops. An extra row, ' +
    '"no queue", calls each thunk as it is added: what the shape itself costs everyone. Same sizes with `--quick`.',
  cases,
};
