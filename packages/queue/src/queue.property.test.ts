import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AddOptions, Queue } from './index';

/*
 * Model-based test: random scripts of add (random priority, duration, outcome,
 * signal, timeout), concurrency changes, pause/resume, clear, aborts of add
 * signals, onIdle and waits run against a real queue. A plain model of the
 * queue follows along: it learns of each start from inside the task, and of
 * each end from the queue's synchronous `completed` / `error` events, and
 * decides on its own what clear and abort take out. Every check records a
 * violation instead of throwing, since it may run inside a task or a
 * listener, where a throw would change what is being checked. Checked:
 *
 * (a) a task starts only while fewer than `concurrency` run, counted both by
 *     the model and by the tasks themselves (those still inside their body
 *     whose signal has not aborted);
 * (b) when a task starts, no task still queued has a higher priority, or the
 *     same priority and an earlier add;
 * (c) every add promise settles exactly once, with the outcome the model
 *     expects: the task's value, its error (rejected or thrown), the abort
 *     reason, or an AbortError from clear();
 * (d) an onIdle promise resolves only after a moment when nothing was queued
 *     and nothing running, and at once when there was one already;
 * (e) `size` and `pending` equal the model's counts after every command and
 *     at every start and end.
 */

type Duration = { kind: 'sync' } | { kind: 'micro'; ticks: number } | { kind: 'timer'; ms: number };
type Outcome = 'resolve' | 'reject' | 'throw';
type SignalChoice = { kind: 'none' } | { kind: 'new' } | { kind: 'shared'; pick: number };
type Wait = { kind: 'ticks'; count: number } | { kind: 'turn' } | { kind: 'sleep'; ms: number };

interface AddStep {
  kind: 'add';
  priority: number;
  duration: Duration;
  outcome: Outcome;
  signal: SignalChoice;
  /** A timeout far past any task's duration: it never fires, but gives the task a controller and a timer. */
  timeout: boolean;
}

type Command =
  | AddStep
  | { kind: 'concurrency'; value: number }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'clear' }
  | { kind: 'abort'; pick: number }
  | { kind: 'onIdle' }
  | { kind: 'awaitIdle' }
  | { kind: 'wait'; wait: Wait };

const concurrencyArb = fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(Infinity));
const priorityArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -2, max: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, 0.5, -0) },
);

const durationArb = (timers: boolean): fc.Arbitrary<Duration> =>
  fc.oneof(
    fc.constant({ kind: 'sync' as const }),
    fc.record({ kind: fc.constant('micro' as const), ticks: fc.integer({ min: 0, max: 4 }) }),
    ...(timers ? [fc.record({ kind: fc.constant('timer' as const), ms: fc.integer({ min: 0, max: 2 }) })] : []),
  );

const signalArb: fc.Arbitrary<SignalChoice> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'new' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('shared' as const), pick: fc.nat() }) },
);

const waitArb = (timers: boolean): fc.Arbitrary<Wait> =>
  fc.oneof(
    fc.record({ kind: fc.constant('ticks' as const), count: fc.integer({ min: 1, max: 6 }) }),
    fc.constant({ kind: 'turn' as const }),
    ...(timers ? [fc.record({ kind: fc.constant('sleep' as const), ms: fc.integer({ min: 1, max: 3 }) })] : []),
  );

const commandArb = (timers: boolean): fc.Arbitrary<Command> =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant('add' as const),
        priority: priorityArb,
        duration: durationArb(timers),
        outcome: fc.constantFrom<Outcome>('resolve', 'resolve', 'reject', 'throw'),
        signal: signalArb,
        timeout: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('concurrency' as const), value: concurrencyArb }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'pause' as const }) },
    { weight: 2, arbitrary: fc.constant({ kind: 'resume' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('abort' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'onIdle' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'awaitIdle' as const }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), wait: waitArb(timers) }) },
  );

/** What a task's add promise must settle with. */
type Expected =
  | { kind: 'value'; value: object }
  | { kind: 'error'; error: unknown }
  | { kind: 'cleared' };

class TaskFailure extends Error {
  readonly id: number;
  constructor(id: number) {
    super(`task ${id} failed`);
    this.id = id;
  }
}

class AbortReason extends Error {
  constructor(controller: number) {
    super(`controller ${controller} aborted`);
  }
}

interface TaskRecord {
  readonly id: number;
  readonly step: AddStep;
  readonly controller: number | undefined;
  readonly value: { readonly id: number };
  readonly error: TaskFailure;
  state: 'queued' | 'running' | 'done';
  expected: Expected | undefined;
  starts: number;
  settles: number;
  /** The signal the task was called with. */
  taskSignal: AbortSignal | undefined;
}

interface IdleWatch {
  readonly epoch: number;
  readonly idleAtCall: boolean;
  resolved: boolean;
}

const LONG_TIMEOUT = 60_000;
const DEADLINE_MS = 2_000;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function wait(how: Wait): Promise<void> {
  if (how.kind === 'turn') return nextTurn();
  if (how.kind === 'sleep') return sleep(how.ms);
  for (let i = 0; i < how.count; i++) await Promise.resolve();
}

function delay(duration: Duration): Promise<void> {
  if (duration.kind === 'timer') return sleep(duration.ms);
  let promise = Promise.resolve();
  for (let i = 0; i < (duration.kind === 'micro' ? duration.ticks : 0); i++) promise = promise.then(() => undefined);
  return promise;
}

async function check(concurrency: number, autoStart: boolean, commands: readonly Command[]): Promise<void> {
  const queue = new Queue({ concurrency, autoStart });
  const violations: string[] = [];
  const records: TaskRecord[] = [];
  const byValue = new Map<object, TaskRecord>();
  const controllers: AbortController[] = [];
  const idleWatches: IdleWatch[] = [];
  // The model.
  let paused = !autoStart;
  let limit = concurrency;
  let queued: TaskRecord[] = [];
  const running = new Set<TaskRecord>();
  /** How many times the model has gone idle. */
  let idleEpoch = 0;
  // Tasks inside their body, whatever the queue thinks of them.
  const inside = new Set<TaskRecord>();
  // While an abort is under way: the reason, and how many `error` events carried it.
  let aborting: { reason: unknown; events: number } | undefined;

  const violate = (message: string): void => {
    violations.push(message);
  };
  const modelIdle = (): boolean => queued.length === 0 && running.size === 0;
  const noteIdle = (): void => {
    if (modelIdle()) idleEpoch++;
  };
  const expectCounts = (where: string): void => {
    if (queue.size !== queued.length) violate(`${where}: size ${queue.size}, model ${queued.length}`);
    if (queue.pending !== running.size) violate(`${where}: pending ${queue.pending}, model ${running.size}`);
  };

  const onStart = (record: TaskRecord, signal: AbortSignal): void => {
    record.starts++;
    record.taskSignal = signal;
    if (record.state !== 'queued') violate(`task ${record.id} started while ${record.state}`);
    if (paused) violate(`task ${record.id} started while paused`);
    if (running.size >= limit) violate(`task ${record.id} started with ${running.size} running of ${limit}`);
    const alive = [...inside].filter((other) => other.taskSignal?.aborted !== true).length + 1;
    if (alive > queue.concurrency) violate(`task ${record.id} started with ${alive} tasks inside, concurrency ${queue.concurrency}`);
    if (signal.aborted) violate(`task ${record.id} started with an aborted signal`);
    for (const other of queued) {
      if (other === record) continue;
      const before = other.step.priority === record.step.priority ? other.id < record.id : other.step.priority > record.step.priority;
      if (before) violate(`task ${record.id} (priority ${record.step.priority}) started before task ${other.id} (priority ${other.step.priority})`);
    }
    queued = queued.filter((other) => other !== record);
    running.add(record);
    record.state = 'running';
    inside.add(record);
    expectCounts(`start of task ${record.id}`);
  };

  const ended = (record: TaskRecord | undefined, how: string, expected: Expected): void => {
    if (record === undefined) {
      violate(`${how} for no known task`);
      return;
    }
    if (record.state !== 'running') violate(`${how} for task ${record.id}, ${record.state}`);
    if (how === 'completed' ? record.step.outcome !== 'resolve' : record.step.outcome === 'resolve') {
      violate(`${how} for task ${record.id}, which should ${record.step.outcome}`);
    }
    running.delete(record);
    record.state = 'done';
    record.expected = expected;
    expectCounts(`${how} of task ${record.id}`);
    noteIdle();
  };

  queue.addEventListener('completed', (event) => {
    const record = byValue.get(event.detail as object);
    ended(record, 'completed', { kind: 'value', value: event.detail as object });
  });
  queue.addEventListener('error', (event) => {
    const error = event.detail;
    if (error instanceof TaskFailure) ended(records[error.id], 'error', { kind: 'error', error });
    else if (aborting !== undefined && error === aborting.reason) aborting.events++;
    else violate(`error event with an unexpected detail: ${String(error)}`);
  });

  const settled = (record: TaskRecord, status: 'fulfilled' | 'rejected', outcome: unknown): void => {
    record.settles++;
    const expected = record.expected;
    if (record.state !== 'done' || expected === undefined) {
      violate(`task ${record.id} settled (${status}) while ${record.state}`);
      return;
    }
    const right =
      expected.kind === 'value'
        ? status === 'fulfilled' && outcome === expected.value
        : expected.kind === 'error'
          ? status === 'rejected' && outcome === expected.error
          : status === 'rejected' && outcome instanceof DOMException && outcome.name === 'AbortError';
    if (!right) violate(`task ${record.id} ${status} with ${String(outcome)}, expected ${expected.kind}`);
  };

  const body = (record: TaskRecord) => (signal: AbortSignal): object | Promise<object> => {
    onStart(record, signal);
    const { duration, outcome } = record.step;
    const finish = (): object => {
      inside.delete(record);
      if (outcome === 'resolve') return record.value;
      throw record.error;
    };
    if (outcome === 'throw') return finish();
    if (duration.kind === 'sync') return outcome === 'resolve' ? finish() : Promise.reject(record.error).finally(() => inside.delete(record));
    return delay(duration).then(finish);
  };

  const add = (step: AddStep): void => {
    const id = records.length;
    let controller: number | undefined;
    if (step.signal.kind === 'shared' && controllers.length > 0) controller = step.signal.pick % controllers.length;
    else if (step.signal.kind !== 'none') controller = controllers.push(new AbortController()) - 1;
    const signal = controller === undefined ? undefined : (controllers[controller] as AbortController).signal;
    const record: TaskRecord = {
      id,
      step,
      controller,
      value: { id },
      error: new TaskFailure(id),
      state: 'queued',
      expected: undefined,
      starts: 0,
      settles: 0,
      taskSignal: undefined,
    };
    records.push(record);
    byValue.set(record.value, record);
    const startsNow = !paused && running.size < limit && queued.length === 0;
    const rejectsAtOnce = signal?.aborted === true;
    if (rejectsAtOnce) {
      record.state = 'done';
      record.expected = { kind: 'error', error: signal.reason };
    } else queued.push(record);
    const options: AddOptions = { priority: step.priority, signal, timeout: step.timeout ? LONG_TIMEOUT : undefined };
    const promise = queue.add(body(record), options);
    promise.then(
      (value) => settled(record, 'fulfilled', value),
      (reason: unknown) => settled(record, 'rejected', reason),
    );
    if (!rejectsAtOnce && startsNow !== (record.starts > 0)) {
      violate(`task ${record.id} ${startsNow ? 'did not start' : 'started'} inside add`);
    }
  };

  const abort = (pick: number): void => {
    const index = pick % Math.max(1, controllers.length);
    const controller = controllers[index];
    if (controller === undefined || controller.signal.aborted) return;
    const reason = new AbortReason(index);
    let letGo = 0;
    const runningOnes: TaskRecord[] = [];
    for (const record of [...queued, ...running]) {
      if (record.controller !== index) continue;
      if (record.state === 'running') {
        running.delete(record);
        runningOnes.push(record);
        letGo++;
      }
      record.state = 'done';
      record.expected = { kind: 'error', error: reason };
    }
    queued = queued.filter((record) => record.controller !== index);
    aborting = { reason, events: 0 };
    controller.abort(reason);
    if (aborting.events !== letGo) violate(`abort let ${letGo} running tasks go, but ${aborting.events} error events came`);
    aborting = undefined;
    for (const record of runningOnes) {
      if (record.taskSignal?.aborted !== true || record.taskSignal.reason !== reason) {
        violate(`task ${record.id} was let go, but its signal did not abort with the reason`);
      }
    }
    noteIdle();
  };

  const awaitIdle = async (): Promise<void> => {
    if (paused && queued.length > 0) {
      paused = false;
      queue.resume();
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, DEADLINE_MS, 'late')));
    const result = await Promise.race([queue.onIdle().then(() => 'idle' as const), deadline]);
    clearTimeout(timer);
    if (result === 'late') violate(`onIdle did not resolve within ${DEADLINE_MS} ms`);
    else if (queue.size !== 0 || queue.pending !== 0 || !modelIdle()) {
      violate(`awaited onIdle resolved with size ${queue.size}, pending ${queue.pending}`);
    }
  };

  for (const step of commands) {
    switch (step.kind) {
      case 'add':
        add(step);
        break;
      case 'concurrency':
        limit = step.value;
        queue.concurrency = step.value;
        if (queue.concurrency !== step.value) violate(`concurrency reads ${queue.concurrency} after setting ${step.value}`);
        break;
      case 'pause':
        paused = true;
        queue.pause();
        break;
      case 'resume':
        paused = false;
        queue.resume();
        break;
      case 'clear':
        for (const record of queued) {
          record.state = 'done';
          record.expected = { kind: 'cleared' };
        }
        queued = [];
        queue.clear();
        noteIdle();
        break;
      case 'abort':
        abort(step.pick);
        break;
      case 'onIdle': {
        const watch: IdleWatch = { epoch: idleEpoch, idleAtCall: modelIdle(), resolved: false };
        idleWatches.push(watch);
        void queue.onIdle().then(() => {
          watch.resolved = true;
          if (!watch.idleAtCall && idleEpoch === watch.epoch) {
            violate(`onIdle resolved with no idle moment since (size ${queue.size}, pending ${queue.pending})`);
          }
        });
        break;
      }
      case 'awaitIdle':
        await awaitIdle();
        break;
      case 'wait':
        await wait(step.wait);
        if (step.wait.kind !== 'ticks') {
          // A macrotask later, every onIdle that had its idle moment has resolved.
          for (const watch of idleWatches) {
            if (!watch.resolved && (watch.idleAtCall || idleEpoch > watch.epoch)) violate('onIdle still pending after an idle moment');
          }
        }
        break;
    }
    if (queue.paused !== paused) violate(`paused reads ${queue.paused}, model ${paused}`);
    expectCounts(`after ${step.kind}`);
  }

  // Wind down: resume, let everything finish, including tasks let go.
  await awaitIdle();
  for (let turns = 0; inside.size > 0 && turns < 1000; turns++) await sleep(1);
  await nextTurn();

  expect(violations).toEqual([]);
  expect(inside.size).toBe(0);
  expect([queue.size, queue.pending]).toEqual([0, 0]);
  for (const record of records) {
    expect({ id: record.id, state: record.state, settles: record.settles }).toEqual({ id: record.id, state: 'done', settles: 1 });
    expect(record.starts).toBeLessThanOrEqual(1);
    const expected = record.expected;
    // Ran to its own end: it started once. Cleared: it never started.
    if (expected?.kind === 'value' || (expected?.kind === 'error' && expected.error instanceof TaskFailure)) expect(record.starts).toBe(1);
    if (expected?.kind === 'cleared') expect(record.starts).toBe(0);
  }
  expect(idleWatches.every((watch) => watch.resolved)).toBe(true);
  for (const controller of controllers) expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
}

describe('Queue against a model', () => {
  it('holds every property over scripts of microtask tasks', async () => {
    await fc.assert(
      fc.asyncProperty(concurrencyArb, fc.boolean(), fc.array(commandArb(false), { maxLength: 60, size: 'max' }), (concurrency, autoStart, commands) =>
        check(concurrency, autoStart, commands),
      ),
      { numRuns: 300 },
    );
  });

  it('holds every property over scripts with short timers', async () => {
    await fc.assert(
      fc.asyncProperty(concurrencyArb, fc.boolean(), fc.array(commandArb(true), { maxLength: 30, size: 'max' }), (concurrency, autoStart, commands) =>
        check(concurrency, autoStart, commands),
      ),
      { numRuns: 80 },
    );
  });
});
