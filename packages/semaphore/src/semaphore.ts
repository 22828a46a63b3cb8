import { assertInteger, readTimes, type SignalWatch, SignalWatches } from '@aiox/internal';
import { type AcquireOptions, readSignal } from './acquire-options';
import { type Permit, SemaphorePermit } from './permit';
import { RESOLVED } from './resolved';
import { Waiter } from './waiter';
import { WaiterQueue } from './waiter-queue';

/**
 * A counter of permits with a strict first-come, first-served queue of
 * waiters.
 *
 * - `acquire()` takes one permit, waiting while none is free;
 *   `acquireMany(n)` takes `n` at once, never part of them while it waits,
 *   so two `acquireMany` calls can never deadlock each other.
 * - Waiters are served in arrival order and the first one blocks those
 *   behind it: a large request is never starved by smaller ones, and neither
 *   `tryAcquire` nor an `acquire` that finds a free permit jumps ahead of a
 *   queued waiter.
 * - Every wait takes `{ signal }`. An abort rejects with `signal.reason`,
 *   takes the waiter out of the queue and lets those behind it through if
 *   permits suffice. Once a wait has resolved, the permits are the caller's,
 *   even if the signal aborts before the awaiting code runs (the grant
 *   wins): release them as usual.
 * - `release()` may raise the value above the initial one (use
 *   {@link BoundedSemaphore} to forbid that), so `acquireMany(n)` with `n`
 *   above the current total is legal and waits for enough releases.
 *
 * @example
 * ```ts
 * const semaphore = new Semaphore(2); // at most two downloads at once
 * async function download(url: string): Promise<string> {
 *   await semaphore.acquire();
 *   try {
 *     return await (await fetch(url)).text();
 *   } finally {
 *     semaphore.release();
 *   }
 * }
 * ```
 */
export class Semaphore {
  #value: number;
  readonly #queue = new WaiterQueue();
  /**
   * The one listener kept on each signal that queued waiters share. Made on
   * first use, so a semaphore that never waits with a signal pays nothing.
   */
  #signals: SignalWatches<Waiter> | undefined;

  /**
   * @param value - The number of permits free at the start: an integer
   *   `>= 0`, default 1 (a lock).
   * @throws {TypeError} `value` is not a number.
   * @throws {RangeError} `value` is not an integer `>= 0`.
   */
  constructor(value = 1) {
    assertInteger('value', value, 0);
    this.#value = value;
  }

  /** The number of permits free right now. */
  get value(): number {
    return this.#value;
  }

  /** The number of calls waiting in the queue right now. */
  get waiting(): number {
    return this.#queue.size;
  }

  /** True when `acquire()` would wait: no permit is free, or others already wait. */
  locked(): boolean {
    return this.#value < 1 || this.#queue.head !== undefined;
  }

  /**
   * Takes one permit, waiting in the queue until one is free and every
   * earlier waiter has been served.
   *
   * @returns A promise that resolves once the permit is held, or rejects
   *   with `signal.reason` if the signal aborts first (taking nothing), or
   *   with a `TypeError` for a bad `options`.
   */
  acquire(options?: AcquireOptions): Promise<void> {
    let signal: AbortSignal | undefined;
    if (options !== undefined) {
      try {
        signal = readSignal(options);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (this.#value >= 1 && this.#queue.head === undefined) {
      this.#value -= 1;
      return RESOLVED;
    }
    return this.#enqueue(1, false, signal) as Promise<unknown> as Promise<void>;
  }

  /**
   * Takes `times` permits at once, or none: it never holds a part of them
   * while it waits, so it cannot deadlock with another `acquireMany`. While
   * it waits at the head of the queue, it holds back every later waiter,
   * however small, so it is never starved.
   *
   * @param times - How many permits: an integer `>= 1`.
   * @returns A promise of a {@link Permit} that gives the permits back once,
   *   by `release()` or at the end of a `using` / `await using` scope. It
   *   rejects with `signal.reason` on abort (taking nothing), with a
   *   `TypeError` or `RangeError` for a bad argument.
   */
  acquireMany(times: number, options?: AcquireOptions): Promise<Permit> {
    let signal: AbortSignal | undefined;
    try {
      assertInteger('times', times, 1);
      signal = readSignal(options);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#value >= times && this.#queue.head === undefined) {
      this.#value -= times;
      return Promise.resolve(new SemaphorePermit(this, times));
    }
    return this.#enqueue(times, true, signal) as Promise<unknown> as Promise<Permit>;
  }

  /**
   * Takes `times` permits (default 1) if they are free and nobody waits,
   * without waiting. Give them back with `release(times)`.
   *
   * @returns True if the permits were taken.
   * @throws {TypeError | RangeError} `times` is not an integer `>= 1`.
   */
  tryAcquire(times?: number): boolean {
    const count = readTimes(times);
    if (this.#value >= count && this.#queue.head === undefined) {
      this.#value -= count;
      return true;
    }
    return false;
  }

  /**
   * Gives back `times` permits (default 1) and hands them to the waiters at
   * the head of the queue, in order, as far as they suffice.
   *
   * @throws {TypeError | RangeError} `times` is not an integer `>= 1`.
   */
  release(times?: number): void {
    const count = readTimes(times);
    this.#value += count;
    if (this.#queue.head !== undefined) this.#grant();
  }

  /** The promise resolves with a permit if `wantsPermit`, else with `undefined`. */
  #enqueue(times: number, wantsPermit: boolean, signal: AbortSignal | undefined): Promise<Permit | undefined> {
    const waiter = new Waiter(times, wantsPermit);
    this.#queue.push(waiter);
    // Last, once the waiter is queued: a signal-like object may call back
    // into this semaphore from addEventListener.
    if (signal !== undefined) {
      this.#signals ??= new SignalWatches((watch, reason) => this.#abort(watch, reason));
      this.#signals.watch(signal, waiter);
    }
    return waiter.promise;
  }

  /** Serves the head of the queue for as long as the free permits suffice. */
  #grant(): void {
    const queue = this.#queue;
    for (let waiter = queue.head; waiter !== undefined && waiter.times <= this.#value; waiter = queue.head) {
      // Take the permits before touching the signal: a signal-like object
      // (accepted by shape) may run code that calls back into this semaphore.
      queue.remove(waiter);
      this.#value -= waiter.times;
      const watch = waiter.watch;
      if (watch !== undefined) {
        const signal = watch.signal;
        // Grants are FIFO, so this waiter is the first of its signal's list.
        this.#signals?.unwatch(waiter);
        // Aborted, but its listener has not run yet (another listener of the
        // same signal released permits first): it must not be granted.
        if (signal.aborted) {
          this.#value += waiter.times;
          waiter.reject(signal.reason);
          continue;
        }
      }
      waiter.resolve(waiter.wantsPermit ? new SemaphorePermit(this, waiter.times) : undefined);
    }
  }

  /** Rejects every waiter of an aborted (or unwatchable) signal, then serves whoever it blocked. */
  #abort(watch: SignalWatch<Waiter>, reason: unknown): void {
    for (let waiter = watch.shift(); waiter !== undefined; waiter = watch.shift()) {
      this.#queue.remove(waiter);
      waiter.reject(reason);
    }
    if (this.#queue.head !== undefined) this.#grant();
  }
}
