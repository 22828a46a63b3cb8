import { failuresError } from './failures';
import { sharedController } from './shared-signal';
import { closeIterator } from './source';
import type { MapItem } from './task';
import { isThenable } from '@aiox/internal';
import { markHandled } from './thenable';

export const RUNNING = 0;
export const SETTLED = 1;

/**
 * The state one `collect` call shares between its workers: one results
 * array, one AbortController for every task, one promise. Workers read and
 * write these fields directly; there is no per-task object.
 */
export class CollectOperation<T> {
  state: typeof RUNNING | typeof SETTLED = RUNNING;
  /** Items taken from the source so far, which is also the next item's index. */
  pulled = 0;
  /**
   * What must finish before the results are complete: the workers (sync
   * sources) or the pump and the running tasks (async sources). Starts at 1
   * for the code that starts them, so that a worker that finishes everything
   * synchronously cannot settle the operation before the others are started.
   */
  active = 1;
  /** The source gave its last item, or broke: never read it again. */
  exhausted = false;
  /** A `next()` of the source is under way: it cannot be closed right now. */
  pulling = false;
  readonly results: T[];
  readonly controller = sharedController();
  readonly signal = this.controller.signal;
  readonly promise: Promise<T[]>;
  /** The mapper form's function: the source holds plain items. */
  readonly mapper: MapItem | undefined;
  /** false: a task's failure is kept and the others go on (settle-all). */
  readonly stopOnError: boolean;
  /** The failures kept when `stopOnError` is false, by source index (sparse). */
  errors: unknown[] | undefined;
  /** Set for an array source: its unreached promises are marked handled on failure. */
  items: readonly unknown[] | undefined;
  iterator: Iterator<unknown> | AsyncIterator<unknown> | undefined;
  // ES private fields rather than TS `private`: a minifier may shorten them.
  #resolve!: (results: T[]) => void;
  #reject!: (error: unknown) => void;
  #wakePump: (() => void) | undefined;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;

  constructor(
    results: T[],
    callerSignal: AbortSignal | undefined,
    mapper: MapItem | undefined,
    stopOnError: boolean,
  ) {
    this.results = results;
    this.mapper = mapper;
    this.stopOnError = stopOnError;
    this.promise = new Promise<T[]>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    if (callerSignal !== undefined) {
      this.#callerSignal = callerSignal;
      this.#onAbort = () => this.fail(callerSignal.reason);
      callerSignal.addEventListener('abort', this.#onAbort);
    }
  }

  /**
   * Starts item `index`: calls its task (a value that is not a function is
   * taken as it is), or, in the mapper form, the mapper over it, once the
   * item itself is known (a promise item is awaited first). What it returns
   * may be a thenable, which the worker awaits.
   */
  begin(item: unknown, index: number): unknown {
    const { mapper } = this;
    if (mapper === undefined) return typeof item === 'function' ? (item as (signal: AbortSignal) => unknown)(this.signal) : item;
    return isThenable(item) ? this.#mapLater(item, index, mapper) : mapper(item, index, this.signal);
  }

  /** One worker or task is done; the last one settles the promise. */
  done(): void {
    if (--this.active === 0 && this.state === RUNNING) {
      this.state = SETTLED;
      this.#unlink();
      const { errors } = this;
      if (errors === undefined) {
        this.results.length = this.pulled;
        this.#resolve(this.results);
      } else {
        this.#reject(failuresError(errors, this.pulled));
      }
    }
  }

  /**
   * Task `index` failed. Fail fast, or (`stopOnError: false`) keep its error
   * and let the worker go on: true when it should.
   */
  taskFailed(index: number, error: unknown): boolean {
    if (this.stopOnError || this.state !== RUNNING) {
      this.fail(error);
      return false;
    }
    (this.errors ??= [])[index] = error;
    return true;
  }

  /**
   * The first error wins: the promise rejects at once, every pending task's
   * signal aborts (with that error as its reason) and the source is closed.
   * Later calls, from tasks that failed because of the abort, are no-ops.
   */
  fail(error: unknown): void {
    if (this.state !== RUNNING) return;
    this.state = SETTLED;
    this.#unlink();
    this.controller.abort(error);
    this.closeSource();
    this.wake();
    this.#reject(error);
  }

  /**
   * Closes the source unless it is exhausted, broken, or in the middle of a
   * `next()` (a generator cannot be closed while it runs, and an async
   * iterator is not asked to `return()` while a `next()` is pending, as
   * `for await` never does): then whoever is pulling closes it afterwards.
   */
  closeSource(): void {
    const { items } = this;
    if (items !== undefined) {
      for (let index = this.pulled; index < items.length; index++) markHandled(items[index]);
      this.pulled = items.length;
    } else if (!this.exhausted && !this.pulling && this.iterator !== undefined) {
      this.exhausted = true;
      closeIterator(this.iterator);
    }
  }

  /** A promise the async pump waits on while every worker is busy. */
  slotFreed(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#wakePump = resolve;
    });
  }

  wake(): void {
    const wakePump = this.#wakePump;
    if (wakePump !== undefined) {
      this.#wakePump = undefined;
      wakePump();
    }
  }

  async #mapLater(item: PromiseLike<unknown>, index: number, mapper: MapItem): Promise<unknown> {
    const value = await item;
    // Settled while the item was awaited: its mapper never starts.
    return this.state === RUNNING ? mapper(value, index, this.signal) : undefined;
  }

  #unlink(): void {
    if (this.#onAbort !== undefined) this.#callerSignal?.removeEventListener('abort', this.#onAbort);
  }
}
