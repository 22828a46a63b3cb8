import { assertOptions, assertSignal, describeValue } from '@aiox/internal';

/** Options of `new Queue(options)`. */
export interface QueueOptions {
  /**
   * How many tasks run at once: an integer `>= 1`, or `Infinity` (the
   * default) for no bound. Settable later through {@link Queue.concurrency}.
   */
  concurrency?: number | undefined;
  /** `false` makes the queue start paused: nothing starts before `resume()`. Default `true`. */
  autoStart?: boolean | undefined;
  /**
   * Each task's deadline in ms from its start, unless `add` gives its own:
   * past it, the task's promise rejects with a `TimeoutError` `DOMException`,
   * its signal aborts and its slot is freed. Default: none.
   */
  timeout?: number | undefined;
  /**
   * Aborting it rejects every queued and running task with `signal.reason`
   * (running ones' signals abort too), and every later `add` at once.
   */
  signal?: AbortSignal | undefined;
}

/** Options of `add` and `addAll`. */
export interface AddOptions {
  /** Higher starts first; equal priorities start in the order added. Any number but `NaN`; default `0`. */
  priority?: number | undefined;
  /**
   * Aborting it rejects this task's promise with `signal.reason`: a queued
   * task is taken out and never starts, a running one's signal aborts and its
   * slot is freed. An already aborted signal rejects at once.
   */
  signal?: AbortSignal | undefined;
  /** This task's deadline in ms from its start, in place of the queue's `timeout`. */
  timeout?: number | undefined;
}

export interface QueueSettings {
  readonly concurrency: number;
  readonly autoStart: boolean;
  readonly timeout: number;
  readonly signal: AbortSignal | undefined;
}

/** `add`'s options as `addAll` reads them once for all its tasks. */
export interface AddSettings {
  readonly priority: number;
  readonly signal: AbortSignal | undefined;
  readonly timeout: number;
}

type Unchecked<K extends string> = { readonly [key in K]?: unknown };

// The longest wait timers keep: longer ones fire at once (Node warns and waits 1 ms).
const LONGEST_TIMER = 2_147_483_647;

export function readConcurrency(value: unknown): number {
  if (value === Infinity || (typeof value === 'number' && Number.isInteger(value) && value >= 1)) return value;
  const message = `concurrency must be an integer >= 1 or Infinity (received ${describeValue(value)})`;
  throw typeof value === 'number' ? new RangeError(message) : new TypeError(message);
}

/** A timeout option: `Infinity` stands for none. */
export function readTimeout(value: unknown, otherwise: number): number {
  if (value === undefined || value === Infinity) return value === undefined ? otherwise : Infinity;
  if (typeof value === 'number' && value > 0 && value <= LONGEST_TIMER) return value;
  const message = `timeout must be a number of ms > 0 and <= ${LONGEST_TIMER}, or Infinity for none (received ${describeValue(value)})`;
  throw typeof value === 'number' ? new RangeError(message) : new TypeError(message);
}

export function readQueueOptions(options: unknown): QueueSettings {
  assertOptions('options', options);
  const given = (options ?? {}) as Unchecked<keyof QueueOptions>;
  const { concurrency = Infinity, autoStart = true, signal } = given;
  if (typeof autoStart !== 'boolean') {
    throw new TypeError(`autoStart must be a boolean (received ${describeValue(autoStart)})`);
  }
  assertSignal('signal', signal);
  return { concurrency: readConcurrency(concurrency), autoStart, timeout: readTimeout(given.timeout, Infinity), signal };
}

/** An `add` option `priority`: any number but `NaN`, `0` when left out. */
export function readPriority(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value === 'number' && !Number.isNaN(value)) return value;
  const message = `priority must be a number other than NaN (received ${describeValue(value)})`;
  throw typeof value === 'number' ? new RangeError(message) : new TypeError(message);
}

/** An `add` option `signal`. */
export function readSignal(value: unknown): AbortSignal | undefined {
  assertSignal('signal', value);
  return value;
}

/** `addAll`'s options, with the queue's timeout as the default. (`add` reads them field by field, with no object made.) */
export function readAddOptions(options: unknown, queueTimeout: number): AddSettings {
  if (options === undefined) return { priority: 0, signal: undefined, timeout: queueTimeout };
  assertOptions('options', options);
  const given = options as Unchecked<keyof AddOptions>;
  return { priority: readPriority(given.priority), signal: readSignal(given.signal), timeout: readTimeout(given.timeout, queueTimeout) };
}

export function readLimit(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  const message = `limit must be an integer >= 1 (received ${describeValue(value)})`;
  throw typeof value === 'number' ? new RangeError(message) : new TypeError(message);
}
