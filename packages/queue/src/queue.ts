import { assertFunction, assertOptions, describeValue, isThenable } from '@aiox/internal';
import { ACTIVE, COMPLETED, EMPTY, ERROR, eventBit, IDLE, type ListenerOptions, type QueueEventMap, type QueueListener } from './events';
import { neverAborted } from './never-aborted';
import {
  type AddOptions,
  type AddSettings,
  type QueueOptions,
  readAddOptions,
  readConcurrency,
  readLimit,
  readPriority,
  readQueueOptions,
  readSignal,
  readTimeout,
} from './options';
import { PriorityBuckets } from './priority-buckets';
import { clearedError, timeoutError } from './reasons';
import { SignalGroups } from './signal-groups';
import { DONE, promiseOf, QUEUED, RUNNING, type QueueTask, TaskEntry } from './task-entry';

interface SizeWaiter {
  readonly limit: number;
  readonly resolve: () => void;
}

/**
 * A long-lived queue for async work that arrives over time (a server, a
 * crawler's frontier, a job runner): at most `concurrency` tasks run at
 * once, higher `priority` first, equal priorities in the order added.
 *
 * - `add(task, { priority, signal, timeout })` returns the task's own
 *   outcome; a failing task settles only its own promise. The task gets an
 *   `AbortSignal` that aborts on its timeout, its signal or the queue's.
 * - A `timeout` rejects with a `TimeoutError` `DOMException`, aborts the
 *   task's signal and frees its slot at once (a task that ignores its signal
 *   keeps running, outside the count). An aborted `signal` rejects with its
 *   reason: a queued task never starts, a running one is let go the same way.
 * - `clear()` rejects every queued task with an `AbortError` `DOMException`
 *   (p-queue leaves their promises pending for ever); running ones go on.
 * - `pause()` stops starting tasks; those running go on. `resume()` starts
 *   them again. `autoStart: false` makes a queue that starts paused.
 * - Events (`active`, `completed`, `error`, `empty`, `idle`) are `Event`s, a
 *   `CustomEvent` with the value or error in `detail` for `completed` and
 *   `error`. One that nobody listens to is never made.
 *
 * @example
 * ```ts
 * const queue = new Queue({ concurrency: 2, autoStart: false });
 * const order: string[] = [];
 * const job = (name: string) => async () => { order.push(name); return name; };
 * queue.add(job('backlog'));
 * const urgent = queue.add(job('urgent'), { priority: 10 });
 * queue.resume();
 * console.log(await urgent); // urgent
 * await queue.onIdle();
 * console.log(order.join(' ')); // urgent backlog
 * ```
 */
export class Queue extends EventTarget {
  #concurrency: number;
  #paused: boolean;
  #running = 0;
  // Something was added since the queue was last idle.
  #busy = false;
  #draining = false;
  // The types of event someone has ever listened to, as bits.
  #listening = 0;
  readonly #timeout: number;
  readonly #signal: AbortSignal | undefined;
  readonly #queued = new PriorityBuckets();
  #groups: SignalGroups | undefined;
  // With a queue signal only: the running tasks its abort must let go.
  readonly #runningEntries: Set<TaskEntry> | undefined;
  readonly #onQueueAbort: { handleEvent(): void } | undefined;
  #watchingSignal = false;
  #emptyWaiters: (() => void)[] = [];
  #idleWaiters: (() => void)[] = [];
  #sizeWaiters: SizeWaiter[] = [];

  /**
   * @param options - `concurrency` (default `Infinity`), `autoStart`
   *   (default `true`), a default per-task `timeout` in ms, and a `signal`
   *   that aborts every queued and running task.
   * @throws {TypeError | RangeError} An option of the wrong type or out of
   *   range, named in the message with the value received.
   */
  constructor(options?: QueueOptions) {
    super();
    const { concurrency, autoStart, timeout, signal } = readQueueOptions(options);
    this.#concurrency = concurrency;
    this.#paused = !autoStart;
    this.#timeout = timeout;
    this.#signal = signal;
    if (signal !== undefined) {
      this.#runningEntries = new Set();
      this.#onQueueAbort = { handleEvent: () => this.#abortAll(signal.reason) };
    }
  }

  /** Tasks queued, not started yet. */
  get size(): number {
    return this.#queued.size;
  }

  /** Tasks running now. */
  get pending(): number {
    return this.#running;
  }

  /** Whether the queue is paused: `pause()` was called, or `autoStart: false`, and no `resume()` since. */
  get paused(): boolean {
    return this.#paused;
  }

  /**
   * How many tasks may run at once: an integer `>= 1`, or `Infinity`.
   * Raising it starts queued tasks at once; lowering it lets running ones
   * finish and starts none until fewer than the new value run.
   *
   * @example
   * ```ts
   * const queue = new Queue({ concurrency: 1 });
   * queue.concurrency = 8;
   * console.log(queue.concurrency); // 8
   * ```
   */
  get concurrency(): number {
    return this.#concurrency;
  }

  /** @throws {TypeError | RangeError} Not an integer `>= 1` nor `Infinity`. */
  set concurrency(value: number) {
    this.#concurrency = readConcurrency(value);
    this.#drain();
  }

  /**
   * Queues a task, and returns its outcome. It starts at once when a slot
   * is free and nothing is queued; otherwise after the queued tasks of its
   * priority or higher.
   *
   * @param task - Called with an `AbortSignal` when the task starts; may
   *   return a value or a promise. A synchronous throw rejects its promise.
   * @param options - `priority` (higher first, default `0`), `signal`,
   *   `timeout` in ms from the start (default: the queue's).
   * @returns A promise of the task's value; it rejects with the task's error,
   *   a `TimeoutError` `DOMException`, an aborting signal's reason, or an
   *   `AbortError` `DOMException` from `clear()`. Bad arguments reject with a
   *   TypeError or RangeError naming them.
   *
   * @example
   * ```ts
   * const queue = new Queue({ concurrency: 4, timeout: 5000 });
   * const length = await queue.add(async (signal) => {
   *   signal.throwIfAborted();
   *   return 'done'.length;
   * }, { priority: 1 });
   * console.log(length); // 4
   * ```
   */
  add<T>(task: QueueTask<T>, options?: AddOptions): Promise<Awaited<T>> {
    let priority = 0;
    let signal: AbortSignal | undefined;
    let timeout = this.#timeout;
    try {
      assertFunction('task', task);
      // Field by field: an options object per call is the common case, and a
      // settings object made from it would be one more allocation per task.
      if (options !== undefined) {
        assertOptions('options', options);
        const given = options as { readonly [key in keyof AddOptions]?: unknown };
        priority = readPriority(given.priority);
        signal = readSignal(given.signal);
        timeout = readTimeout(given.timeout, timeout);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#add(task, priority, signal, timeout) as Promise<Awaited<T>>;
  }

  /**
   * Queues every task with the same options, in order, and returns all their
   * values in that order, or the first rejection (the others still run and
   * settle; their rejections are handled).
   *
   * @param tasks - An iterable of tasks, read at once. If one is not a
   *   function, none is queued.
   *
   * @example
   * ```ts
   * const queue = new Queue({ concurrency: 2 });
   * const sizes = await queue.addAll(['a', 'bb', 'ccc'].map((text) => async () => text.length));
   * console.log(sizes.join(',')); // 1,2,3
   * ```
   */
  addAll<T>(tasks: Iterable<QueueTask<T>>, options?: AddOptions): Promise<Awaited<T>[]> {
    let list: QueueTask<T>[];
    let settings: AddSettings;
    try {
      const iterable = tasks as Partial<Iterable<QueueTask<T>>> | null | undefined;
      if (iterable === null || iterable === undefined || typeof iterable[Symbol.iterator] !== 'function') {
        throw new TypeError(`tasks must be an iterable of functions (received ${describeValue(tasks)})`);
      }
      list = Array.from(tasks);
      for (let index = 0; index < list.length; index++) assertFunction(`tasks[${index}]`, list[index]);
      settings = readAddOptions(options, this.#timeout);
    } catch (error) {
      return Promise.reject(error);
    }
    const { priority, signal, timeout } = settings;
    return Promise.all(list.map((task) => this.#add(task, priority, signal, timeout) as Promise<Awaited<T>>));
  }

  /**
   * Starts no more tasks until `resume()`; running ones go on.
   *
   * @example
   * ```ts
   * const queue = new Queue();
   * queue.pause();
   * const later = queue.add(() => 'ran');
   * console.log(queue.size); // 1
   * queue.resume();
   * console.log(await later); // ran
   * ```
   */
  pause(): void {
    this.#paused = true;
  }

  /** Starts queued tasks again, as many as `concurrency` allows, at once. */
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#drain();
  }

  /**
   * Takes every queued task out: each rejects with an `AbortError`
   * `DOMException` and never starts. Running tasks go on.
   *
   * @example
   * ```ts
   * const queue = new Queue({ autoStart: false });
   * const dropped = queue.add(() => 'never');
   * queue.clear();
   * console.log(await dropped.catch((error: DOMException) => error.name)); // AbortError
   * ```
   */
  clear(): void {
    if (this.#queued.size === 0) return;
    this.#dropQueued(clearedError());
    if (this.#running === 0) this.#idle();
  }

  /**
   * Resolves once nothing is queued (tasks may still run); at once if so now.
   *
   * @example
   * ```ts
   * const queue = new Queue({ concurrency: 1 });
   * for (const n of [1, 2, 3]) queue.add(async () => n);
   * await queue.onEmpty();
   * console.log(queue.size); // 0
   * ```
   */
  onEmpty(): Promise<void> {
    if (this.#queued.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#emptyWaiters.push(resolve));
  }

  /**
   * Resolves once nothing is queued and nothing runs; at once if so now.
   *
   * @example
   * ```ts
   * const queue = new Queue({ concurrency: 2 });
   * for (const n of [1, 2, 3]) queue.add(async () => n);
   * await queue.onIdle();
   * console.log(queue.size + queue.pending); // 0
   * ```
   */
  onIdle(): Promise<void> {
    if (this.#queued.size === 0 && this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Resolves once fewer than `limit` tasks are queued; at once if so now. A
   * producer awaits it to keep a bounded backlog.
   *
   * @param limit - An integer `>= 1`; otherwise the promise rejects with a
   *   TypeError or RangeError naming it.
   *
   * @example
   * ```ts
   * const queue = new Queue({ concurrency: 1 });
   * for (let n = 0; n < 5; n++) queue.add(async () => n);
   * await queue.onSizeLessThan(2);
   * console.log(queue.size < 2); // true
   * ```
   */
  onSizeLessThan(limit: number): Promise<void> {
    try {
      readLimit(limit);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#queued.size < limit) return Promise.resolve();
    return new Promise((resolve) => this.#sizeWaiters.push({ limit, resolve }));
  }

  /**
   * As on any `EventTarget`, with the queue's events typed:
   * `completed` and `error` are `CustomEvent`s with the value or the error
   * in `detail`.
   *
   * @example
   * ```ts
   * const queue = new Queue();
   * queue.addEventListener('completed', (event) => console.log(event.detail)); // 42
   * await queue.add(() => 42);
   * ```
   */
  override addEventListener<K extends keyof QueueEventMap>(
    type: K,
    listener: QueueListener<QueueEventMap[K]> | null,
    options?: ListenerOptions,
  ): void;
  override addEventListener(type: string, listener: QueueListener<Event> | null, options?: ListenerOptions): void;
  override addEventListener(type: string, listener: QueueListener<Event> | null, options?: ListenerOptions): void {
    // Never cleared on removal: counting listeners right (duplicates, once,
    // signal) would cost more than an event made for nobody now and then.
    if (listener !== null) this.#listening |= eventBit(type);
    super.addEventListener(type, listener, options);
  }

  /** As on any `EventTarget`, with the queue's events typed. */
  override removeEventListener<K extends keyof QueueEventMap>(
    type: K,
    listener: QueueListener<QueueEventMap[K]> | null,
    options?: boolean | { capture?: boolean },
  ): void;
  override removeEventListener(
    type: string,
    listener: QueueListener<Event> | null,
    options?: boolean | { capture?: boolean },
  ): void;
  override removeEventListener(
    type: string,
    listener: QueueListener<Event> | null,
    options?: boolean | { capture?: boolean },
  ): void {
    super.removeEventListener(type, listener, options);
  }

  #add(task: QueueTask<unknown>, priority: number, signal: AbortSignal | undefined, timeout: number): Promise<unknown> {
    const queueSignal = this.#signal;
    if (queueSignal?.aborted) return Promise.reject(queueSignal.reason);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const entry = new TaskEntry(task, timeout, signal);
    const promise = promiseOf(entry);
    try {
      if (!this.#busy) this.#becomeBusy();
      if (signal !== undefined) (this.#groups ??= new SignalGroups(this.#signalAborted)).join(entry, signal);
    } catch (error) {
      // A signal's addEventListener threw: no abort could reach this task.
      entry.state = DONE;
      entry.reject(error);
      if (this.#queued.size === 0 && this.#running === 0) this.#idle();
      return promise;
    }
    if (!this.#paused && this.#running < this.#concurrency && this.#queued.size === 0) this.#start(entry);
    else this.#queued.push(entry, priority);
    return promise;
  }

  #becomeBusy(): void {
    this.#busy = true;
    const signal = this.#signal;
    if (signal === undefined) return;
    // Listened to only while there is work: a queue made per request under a
    // program-wide signal is not kept alive by it while idle.
    signal.addEventListener('abort', this.#onQueueAbort as { handleEvent(): void });
    this.#watchingSignal = true;
  }

  /** Starts a task; one that returns a thenable is awaited in a loop of its own. */
  #start(entry: TaskEntry, taken = false): void {
    const result = this.#begin(entry, taken);
    if (result !== undefined) void this.#settleLater(entry, result);
  }

  /**
   * Starts a task, and returns its thenable, or `undefined` when it has
   * settled already (or an `active` listener let it go).
   *
   * @param taken - Just taken from the queue: says so once it counts as
   *   running, so that an `empty` listener that adds sees no free slot.
   */
  #begin(entry: TaskEntry, taken: boolean): PromiseLike<unknown> | undefined {
    entry.state = RUNNING;
    this.#running++;
    this.#runningEntries?.add(entry);
    const signal = this.#taskSignal(entry);
    if (entry.timeout !== Infinity) entry.timer = setTimeout(Queue.#timedOut, entry.timeout, this, entry);
    if (taken) this.#shrunk();
    if (this.#listening & ACTIVE && entry.state === RUNNING) this.dispatchEvent(new Event('active'));
    // A listener may have let it go (an abort, the queue's signal).
    if (entry.state !== RUNNING) return undefined;
    const task = entry.task as QueueTask<unknown>;
    entry.task = undefined;
    let result: unknown;
    try {
      result = task(signal);
      if (isThenable(result)) return result;
    } catch (error) {
      this.#failed(entry, error);
      return undefined;
    }
    this.#fulfilled(entry, result);
    return undefined;
  }

  #taskSignal(entry: TaskEntry): AbortSignal {
    const own = entry.signal;
    const shared = this.#signal;
    if (entry.timeout === Infinity) {
      if (own === undefined) return shared ?? neverAborted();
      if (shared === undefined) return own;
    }
    const controller = new AbortController();
    entry.controller = controller;
    return controller.signal;
  }

  /**
   * Awaits a running task, then starts the next queued one in the slot it
   * frees, and awaits that, and so on: one loop per busy slot, as a
   * hand-written queue has, instead of a promise more per task (measured: a
   * fifth of the bytes a task allocates).
   */
  async #settleLater(entry: TaskEntry, result: PromiseLike<unknown>): Promise<void> {
    const queued = this.#queued;
    for (;;) {
      let value: unknown;
      let failed = false;
      try {
        value = await result;
      } catch (error) {
        value = error;
        failed = true;
      }
      // Not running any more: timed out or aborted, its slot already given on.
      if (entry.state === RUNNING) this.#settle(entry, failed, value);
      if (this.#draining || this.#paused || this.#running >= this.#concurrency || queued.size === 0) {
        this.#afterEnd();
        return;
      }
      entry = queued.shift() as TaskEntry;
      const next = this.#begin(entry, true);
      if (next === undefined) return;
      result = next;
    }
  }

  #fulfilled(entry: TaskEntry, value: unknown): void {
    // Already let go: timed out or aborted.
    if (entry.state !== RUNNING) return;
    this.#settle(entry, false, value);
    this.#afterEnd();
  }

  #failed(entry: TaskEntry, error: unknown): void {
    if (entry.state !== RUNNING) return;
    this.#settle(entry, true, error);
    this.#afterEnd();
  }

  /** Ends a running task with its outcome, and says so to who listens. */
  #settle(entry: TaskEntry, failed: boolean, value: unknown): void {
    this.#end(entry);
    if (failed) {
      entry.reject(value);
      if (this.#listening & ERROR) this.dispatchEvent(new CustomEvent('error', { detail: value }));
    } else {
      entry.resolve(value);
      if (this.#listening & COMPLETED) this.dispatchEvent(new CustomEvent('completed', { detail: value }));
    }
  }

  /** Lets a running task go before it settles: its promise rejects with `reason`, its signal aborts. */
  #letGo(entry: TaskEntry, reason: unknown): void {
    this.#end(entry);
    entry.controller?.abort(reason);
    entry.reject(reason);
    if (this.#listening & ERROR) this.dispatchEvent(new CustomEvent('error', { detail: reason }));
  }

  static #timedOut(this: void, queue: Queue, entry: TaskEntry): void {
    if (entry.state !== RUNNING) return;
    entry.timer = undefined;
    queue.#letGo(entry, timeoutError(entry.timeout));
    queue.#afterEnd();
  }

  #end(entry: TaskEntry): void {
    entry.state = DONE;
    this.#running--;
    if (entry.timer !== undefined) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
    }
    if (entry.group !== undefined) (this.#groups as SignalGroups).leave(entry);
    this.#runningEntries?.delete(entry);
  }

  #afterEnd(): void {
    // The drain under way starts the next tasks and sees the queue go idle.
    if (!this.#draining) this.#drain();
  }

  #drain(): void {
    const queued = this.#queued;
    if (!this.#draining) {
      this.#draining = true;
      try {
        while (!this.#paused && this.#running < this.#concurrency && queued.size > 0) {
          this.#start(queued.shift() as TaskEntry, true);
        }
      } finally {
        this.#draining = false;
      }
    }
    if (this.#running === 0 && queued.size === 0) this.#idle();
  }

  /** After the queued count went down: wakes who waits for it, and says when it reached 0. */
  #shrunk(): void {
    const size = this.#queued.size;
    if (this.#sizeWaiters.length > 0) {
      const waiters = this.#sizeWaiters;
      let kept = 0;
      for (const waiter of waiters) {
        if (size < waiter.limit) waiter.resolve();
        else waiters[kept++] = waiter;
      }
      waiters.length = kept;
    }
    if (size > 0) return;
    if (this.#emptyWaiters.length > 0) {
      const waiters = this.#emptyWaiters;
      this.#emptyWaiters = [];
      for (const resolve of waiters) resolve();
    }
    if (this.#listening & EMPTY) this.dispatchEvent(new Event('empty'));
  }

  #idle(): void {
    if (!this.#busy) return;
    this.#busy = false;
    if (this.#watchingSignal) {
      this.#watchingSignal = false;
      (this.#signal as AbortSignal).removeEventListener('abort', this.#onQueueAbort as { handleEvent(): void });
    }
    if (this.#idleWaiters.length > 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
    if (this.#listening & IDLE) this.dispatchEvent(new Event('idle'));
  }

  /** Rejects every queued task with `reason`. */
  #dropQueued(reason: unknown): void {
    const groups = this.#groups;
    for (const entry of this.#queued.takeAll()) {
      entry.state = DONE;
      if (entry.group !== undefined) (groups as SignalGroups).leave(entry);
      entry.reject(reason);
    }
    this.#shrunk();
  }

  readonly #signalAborted = (entries: TaskEntry[], reason: unknown): void => {
    let dropped = false;
    for (const entry of entries) {
      if (entry.state === QUEUED) {
        this.#queued.remove(entry);
        entry.state = DONE;
        entry.reject(reason);
        dropped = true;
      } else if (entry.state === RUNNING) this.#letGo(entry, reason);
    }
    if (dropped) this.#shrunk();
    this.#afterEnd();
  };

  #abortAll(reason: unknown): void {
    this.#watchingSignal = false;
    (this.#signal as AbortSignal).removeEventListener('abort', this.#onQueueAbort as { handleEvent(): void });
    if (this.#queued.size > 0) this.#dropQueued(reason);
    for (const entry of [...(this.#runningEntries as Set<TaskEntry>)]) this.#letGo(entry, reason);
    this.#afterEnd();
  }
}
