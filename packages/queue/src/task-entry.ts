import type { SignalGroup } from './signal-groups';
import type { Bucket } from './priority-buckets';

/** What `add` takes: a function of the task's signal, started when the queue gives it a slot. */
export type QueueTask<T> = (signal: AbortSignal) => T | PromiseLike<T>;

export const QUEUED = 0;
export const RUNNING = 1;
export const DONE = 2;

/**
 * One task from `add` to its end: its promise's settle functions, its place
 * in its priority's list and in its signal's group (links on the entry
 * itself, so listing it allocates nothing), and while it runs, its timer.
 * Only what every task uses is an own field; the rest (a timeout, a signal,
 * its group links, a timer, a controller) defaults on the prototype and is
 * set on the entries that have one: at a million tasks a second, seven
 * fewer fields each are a tenth less for the collector.
 */
export class TaskEntry {
  task: QueueTask<unknown> | undefined;
  resolve!: (value: unknown) => void;
  reject!: (reason: unknown) => void;
  state: typeof QUEUED | typeof RUNNING | typeof DONE = QUEUED;

  bucket: Bucket | undefined = undefined;
  previous: TaskEntry | undefined = undefined;
  next: TaskEntry | undefined = undefined;

  /** ms from its start; `Infinity` for none. */
  declare readonly timeout: number;
  /** `add`'s own signal. */
  declare readonly signal: AbortSignal | undefined;

  declare group: SignalGroup | undefined;
  declare previousSameSignal: TaskEntry | undefined;
  declare nextSameSignal: TaskEntry | undefined;

  declare timer: ReturnType<typeof setTimeout> | undefined;
  /** Made only when the task's signal must abort for more than one reason (a timeout, or two signals). */
  declare controller: AbortController | undefined;

  constructor(task: QueueTask<unknown>, timeout: number, signal: AbortSignal | undefined) {
    this.task = task;
    if (timeout !== Infinity) this.timeout = timeout;
    if (signal !== undefined) this.signal = signal;
  }
}

const defaults: Partial<Record<keyof TaskEntry, unknown>> = {
  timeout: Infinity,
  signal: undefined,
  group: undefined,
  previousSameSignal: undefined,
  nextSameSignal: undefined,
  timer: undefined,
  controller: undefined,
};
Object.assign(TaskEntry.prototype, defaults);

let settling: TaskEntry;

// One executor for every promise: a closure per `add` would cost an allocation.
function capture(resolve: (value: unknown) => void, reject: (reason: unknown) => void): void {
  settling.resolve = resolve;
  settling.reject = reject;
}

/** The promise `add` returns, settled through `entry.resolve` and `entry.reject`. */
export function promiseOf<T>(entry: TaskEntry): Promise<T> {
  settling = entry;
  return new Promise<T>(capture as (resolve: (value: T) => void, reject: (reason: unknown) => void) => void);
}
