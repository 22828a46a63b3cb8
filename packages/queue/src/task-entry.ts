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
 */
export class TaskEntry {
  task: QueueTask<unknown> | undefined;
  resolve!: (value: unknown) => void;
  reject!: (reason: unknown) => void;
  state: typeof QUEUED | typeof RUNNING | typeof DONE = QUEUED;
  /** ms from its start; `Infinity` for none. */
  readonly timeout: number;
  /** `add`'s own signal. */
  readonly signal: AbortSignal | undefined;

  bucket: Bucket | undefined = undefined;
  previous: TaskEntry | undefined = undefined;
  next: TaskEntry | undefined = undefined;

  group: SignalGroup | undefined = undefined;
  previousSameSignal: TaskEntry | undefined = undefined;
  nextSameSignal: TaskEntry | undefined = undefined;

  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  /** Made only when the task's signal must abort for more than one reason (a timeout, or two signals). */
  controller: AbortController | undefined = undefined;

  constructor(task: QueueTask<unknown>, timeout: number, signal: AbortSignal | undefined) {
    this.task = task;
    this.timeout = timeout;
    this.signal = signal;
  }
}

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
