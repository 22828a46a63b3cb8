import { Queue } from './queue';
import { ABORTED, OPEN, ResolvePool, type Waiter } from './resolve-pool';
import { closeIterator, notAnIteratorResult, openIterator } from './source';
import type { MapItem } from './task';
import { markHandled } from './thenable';

const NEW = 0;
const ACTIVE = 1;
const DONE = 2;

/**
 * The promise handed out for one item. If the operation ends before the
 * item does, it rejects with the abort reason and is marked handled: the
 * consumer who left may never await it.
 */
class ItemPromise implements Waiter {
  readonly promise: Promise<unknown>;
  private resolve!: (value: unknown) => void;
  private reject!: (error: unknown) => void;

  constructor() {
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  settle(ok: boolean, value: unknown): void {
    if (ok) this.resolve(value);
    else this.reject(value);
  }

  drop(reason: unknown): void {
    this.reject(reason);
    markHandled(this.promise);
  }
}

/**
 * `resolve` over a sync source: one promise per item, in source order, each
 * settling with its own item's outcome. (The iterator users hold is the
 * `PromiseIterator` wrapped around this.)
 *
 * The workers and the consumer share one cursor over the source. To answer
 * `next()` synchronously the consumer may have to pull item k itself; items
 * pulled but not started yet wait in `queue`, in order, and the workers take
 * them before pulling more. Items are started in index order, so the queue
 * holds exactly the items `started..pulled-1`.
 */
export class SyncResolver<T> {
  private readonly pool: ResolvePool;
  private phase: typeof NEW | typeof ACTIVE | typeof DONE = NEW;
  private iterator: Iterator<unknown> | undefined;
  private pullNext: Iterator<unknown>['next'] | undefined;
  private readonly queue = new Queue<unknown>();
  private started = 0;
  private pulled = 0;
  private asked = 0;
  private exhausted = false;
  private pulling = false;
  private filling = false;
  /** The source's own error, which sits at position `pulled`. */
  private failure: { readonly error: unknown } | undefined;

  constructor(
    private readonly tasks: Iterable<unknown>,
    workers: number,
    greediness: number,
    private readonly callerSignal: AbortSignal | undefined,
    mapper: MapItem | undefined,
  ) {
    this.pool = new ResolvePool(
      workers,
      greediness,
      () => this.fill(),
      () => this.closeSource(),
      mapper,
    );
  }

  next(): IteratorResult<Promise<T>> {
    if (this.phase === DONE) return { done: true, value: undefined };
    if (this.phase === NEW) this.begin();
    const { pool } = this;
    if (pool.state === ABORTED) {
      this.phase = DONE;
      throw pool.signal.reason;
    }
    const index = this.asked;
    if (index >= this.pulled) {
      this.pull();
      if (index >= this.pulled) {
        this.phase = DONE;
        pool.finish();
        if (this.failure !== undefined) throw this.failure.error;
        return { done: true, value: undefined };
      }
      this.fill();
    }
    this.asked = index + 1;
    return { done: false, value: this.promiseFor(index) };
  }

  /**
   * Called by `break`, `return` or a throw out of `for...of` (or once the
   * iterator is garbage collected while still running): stops pulling,
   * closes the source (a generator's `finally` runs), aborts the running
   * tasks, and rejects (handled) the promises of items that had not finished.
   */
  return(): IteratorResult<Promise<T>> {
    if (this.phase !== DONE) {
      const wasActive = this.phase === ACTIVE;
      this.phase = DONE;
      if (wasActive) this.pool.close(undefined);
    }
    return { done: true, value: undefined };
  }

  private begin(): void {
    this.phase = DONE;
    const signal = this.callerSignal;
    if (signal?.aborted) throw signal.reason;
    const iterator = openIterator(this.tasks);
    this.iterator = iterator;
    this.pullNext = iterator.next;
    this.phase = ACTIVE;
    this.pool.link(signal);
    this.fill();
  }

  private promiseFor(index: number): Promise<T> {
    const outcome = this.pool.take(index);
    if (outcome !== undefined) {
      return (outcome.ok ? Promise.resolve(outcome.value) : Promise.reject(outcome.value)) as Promise<T>;
    }
    const item = new ItemPromise();
    this.pool.wait(index, item);
    return item.promise as Promise<T>;
  }

  /** Starts queued, then newly pulled, items while a worker is free. */
  private fill(): void {
    if (this.filling) return;
    this.filling = true;
    const { pool, queue } = this;
    while (pool.state === OPEN && pool.hasFreeSlot()) {
      if (queue.length === 0 && !this.pull()) break;
      pool.start(this.started++, queue.shift());
    }
    this.filling = false;
  }

  /** Pulls one item into the queue; false if there is none (or we stopped). */
  private pull(): boolean {
    if (this.exhausted) return false;
    let task: unknown;
    this.pulling = true;
    try {
      const step = (this.pullNext as Iterator<unknown>['next']).call(this.iterator);
      if (step === null || (typeof step !== 'object' && typeof step !== 'function')) throw notAnIteratorResult(step);
      if (step.done) {
        this.pulling = false;
        this.exhausted = true;
        return false;
      }
      task = step.value;
    } catch (error) {
      // Like `for...of`, a source that threw is broken: never `return()` it.
      this.pulling = false;
      this.exhausted = true;
      this.failure = { error };
      return false;
    }
    this.pulling = false;
    if (this.pool.state !== OPEN) {
      // We were closed while the source ran (it could not be closed then).
      markHandled(task);
      this.closeSource();
      return false;
    }
    this.queue.push(task);
    this.pulled++;
    return true;
  }

  private closeSource(): void {
    this.queue.drain(markHandled);
    if (this.exhausted || this.pulling || this.iterator === undefined) return;
    this.exhausted = true;
    closeIterator(this.iterator);
  }
}
