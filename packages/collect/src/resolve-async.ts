import { Queue } from './queue';
import { ABORTED, OPEN, ResolvePool, type Waiter } from './resolve-pool';
import { closeIterator, notAnIteratorResult, openAsyncIterator } from './source';
import { failuresError } from './failures';
import type { MapItem } from './task';
import { markHandled } from './thenable';

const NEW = 0;
const ACTIVE = 1;
const DONE = 2;

interface Request<T> {
  resolve(result: IteratorResult<T>): void;
  reject(error: unknown): void;
}

function doneResult<T>(): IteratorResult<T> {
  return { done: true, value: undefined };
}

/**
 * `resolve` over an async source: the values, in source order. (The
 * iterator users hold is the `ValueIterator` wrapped around this.)
 *
 * At the first failed item (in source order) `next()` rejects with its error
 * and the iteration is over: the items before it have been yielded, the
 * tasks still running are aborted (their signal's reason is that error) and
 * the source is closed. An error of the source itself surfaces the same
 * way, at its position.
 *
 * `next()` calls may overlap: they are answered in order, the k-th call
 * with the k-th item. A single pump pulls the source, one `next()` at a
 * time, whenever a worker is free.
 */
export class AsyncResolver<T> {
  private readonly pool: ResolvePool;
  private phase: typeof NEW | typeof ACTIVE | typeof DONE = NEW;
  private iterator: AsyncIterator<unknown> | undefined;
  private readonly requests = new Queue<Request<T>>();
  /** The item the oldest pending request wants. */
  private served = 0;
  private pulled = 0;
  private exhausted = false;
  private pulling = false;
  private failure: { readonly error: unknown } | undefined;
  private wakePump: (() => void) | undefined;
  /** The failures skipped with `stopOnError: false`, in source order. */
  private errors: unknown[] | undefined;
  private readonly waiter: Waiter = {
    settle: (ok, value) => {
      this.answer(ok, value);
      // A skipped failure answered no request: serve the next item.
      if (!ok) this.serve();
    },
    drop: (reason) => this.fail(reason),
  };

  constructor(
    private readonly tasks: AsyncIterable<unknown>,
    workers: number,
    greediness: number,
    private readonly callerSignal: AbortSignal | undefined,
    mapper: MapItem | undefined,
    private readonly stopOnError: boolean,
  ) {
    this.pool = new ResolvePool(
      workers,
      greediness,
      () => this.wake(),
      () => {
        this.wake();
        this.closeSource();
      },
      mapper,
    );
  }

  next(): Promise<IteratorResult<T>> {
    if (this.phase === DONE) return Promise.resolve(doneResult<T>());
    if (this.phase === NEW) {
      try {
        this.begin();
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (this.pool.state === ABORTED) {
      this.phase = DONE;
      return Promise.reject(this.pool.signal.reason);
    }
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      this.requests.push({ resolve, reject });
      if (this.requests.length === 1) this.serve();
    });
  }

  /**
   * Called by `break`, `return` or a throw out of `for await` (or once the
   * iterator is garbage collected while still running): stops pulling,
   * closes the source and aborts the running tasks. Pending `next()` calls
   * (possible only when they overlap) resolve as done.
   */
  return(): Promise<IteratorResult<T>> {
    if (this.phase !== DONE) {
      const wasActive = this.phase === ACTIVE;
      this.phase = DONE;
      this.requests.drain((request) => request.resolve(doneResult<T>()));
      if (wasActive) this.pool.close(undefined);
    }
    return Promise.resolve(doneResult<T>());
  }

  private begin(): void {
    this.phase = DONE;
    const signal = this.callerSignal;
    if (signal?.aborted) throw signal.reason;
    this.iterator = openAsyncIterator(this.tasks);
    this.phase = ACTIVE;
    this.pool.link(signal);
    void this.pump(this.iterator, this.iterator.next);
  }

  /** Answers the oldest requests whose items are known, in order. */
  private serve(): void {
    const { pool } = this;
    while (this.requests.length > 0 && this.phase === ACTIVE) {
      const index = this.served;
      const outcome = pool.take(index);
      if (outcome !== undefined) {
        this.answer(outcome.ok, outcome.value);
        continue;
      }
      if (this.exhausted && index >= this.pulled) {
        pool.unwait(index);
        if (this.failure !== undefined) this.fail(this.failure.error);
        else if (this.errors !== undefined) this.fail(failuresError(this.errors, this.pulled));
        else this.end();
        return;
      }
      // Answered when the item finishes (or the pool closes).
      pool.wait(index, this.waiter);
      return;
    }
  }

  /**
   * Item `served` finished: its value is yielded; its failure ends the
   * iteration, or, with `stopOnError: false`, is kept for the end, and the
   * request waits for the next item (the caller serves it: no recursion, so
   * a long run of failures cannot overflow the stack).
   */
  private answer(ok: boolean, value: unknown): void {
    if (ok) this.yieldValue(value);
    else if (this.stopOnError) this.fail(value);
    else {
      (this.errors ??= []).push(value);
      this.served++;
    }
  }

  private yieldValue(value: unknown): void {
    this.served++;
    this.requests.shift().resolve({ done: false, value: value as T });
    if (this.requests.length > 0) this.serve();
  }

  /** Rejects the oldest request with `error`, and ends the iteration. */
  private fail(error: unknown): void {
    if (this.phase !== ACTIVE) return;
    this.phase = DONE;
    if (this.requests.length > 0) this.requests.shift().reject(error);
    this.requests.drain((request) => request.resolve(doneResult<T>()));
    // The tasks still running are aborted, with that error as the reason.
    this.pool.close(error);
  }

  private end(): void {
    this.phase = DONE;
    this.requests.drain((request) => request.resolve(doneResult<T>()));
    this.pool.finish();
  }

  private async pump(iterator: AsyncIterator<unknown>, next: AsyncIterator<unknown>['next']): Promise<void> {
    const { pool } = this;
    try {
      while (pool.state === OPEN) {
        if (!pool.hasFreeSlot()) {
          await new Promise<void>((resolve) => {
            this.wakePump = resolve;
          });
          continue;
        }
        this.pulling = true;
        const step = await next.call(iterator);
        if (step === null || (typeof step !== 'object' && typeof step !== 'function')) throw notAnIteratorResult(step);
        if (step.done) {
          this.pulling = false;
          this.exhausted = true;
          break;
        }
        const task: unknown = step.value;
        this.pulling = false;
        if (pool.state !== OPEN) {
          markHandled(task);
          this.closeSource();
          return;
        }
        pool.start(this.pulled++, task);
      }
    } catch (error) {
      // Only a pull can throw here: the pool catches the tasks' errors.
      this.pulling = false;
      this.exhausted = true;
      this.failure = { error };
    }
    if (this.exhausted && pool.state === OPEN) this.serve();
  }

  private wake(): void {
    const wakePump = this.wakePump;
    if (wakePump !== undefined) {
      this.wakePump = undefined;
      wakePump();
    }
  }

  private closeSource(): void {
    if (this.exhausted || this.pulling || this.iterator === undefined) return;
    this.exhausted = true;
    closeIterator(this.iterator);
  }
}
