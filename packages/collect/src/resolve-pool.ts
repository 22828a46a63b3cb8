import { sharedController } from './shared-signal';
import type { MapItem, Thunk } from './task';
import { isThenable } from '@aiox/internal';

/** Running; the consumer may still take results. */
export const OPEN = 0;
/** Closed by us: the consumer left, or (async sources) an item failed. */
export const CLOSED = 1;
/** Closed by the caller's signal. */
export const ABORTED = 2;

type PoolState = typeof OPEN | typeof CLOSED | typeof ABORTED;

/** A finished task's outcome, kept until the consumer takes it. */
export interface Outcome {
  readonly ok: boolean;
  readonly value: unknown;
  /** The worker that holds it (greediness > 0), else -1. */
  readonly slot: number;
}

/** Someone who asked for an item before it finished. */
export interface Waiter {
  settle(ok: boolean, value: unknown): void;
  /** The operation ended before the item did: `reason` is the outcome. */
  drop(reason: unknown): void;
}

/**
 * The workers of one `resolve` call and the results they hold: which items
 * are running, which finished results wait for the consumer, who waits for
 * which item. The facade that reads the source (sync or async) decides what
 * to start; this decides when a worker is free to take it.
 *
 * A worker is a slot. With greediness g > 0, a slot whose g finished results
 * have not been taken yet pauses: it gets no new item until the consumer
 * takes one of them, so at most workers * g results wait at once. Taken
 * results leave the map at once, so nothing the consumer took is retained.
 */
export class ResolvePool {
  state: PoolState = OPEN;
  /** Tasks started and not finished. */
  running = 0;
  readonly controller = sharedController();
  readonly signal = this.controller.signal;
  private readonly results = new Map<number, Outcome>();
  private readonly waiters = new Map<number, Waiter>();
  /** Per slot: finished results not taken yet (greediness > 0 only). */
  private readonly holding: number[] = [];
  private readonly busy: boolean[] = [];
  /** Slots that may take an item now (greediness > 0 only). */
  private readonly free: number[] = [];
  private finished = false;
  private callerSignal: AbortSignal | undefined;
  private readonly onAbort = (): void => {
    this.close((this.callerSignal as AbortSignal).reason, ABORTED);
  };

  constructor(
    private readonly workers: number,
    private readonly greediness: number,
    /** Called when a worker becomes free while the pool is open. */
    private readonly onSlotFree: () => void,
    /** Called once when the pool closes, to stop and close the source. */
    private readonly onClose: () => void,
    /** The mapper form's function: the source holds plain items. */
    private readonly mapper: MapItem | undefined,
  ) {}

  /** Aborts the pool when `signal` does, until the pool is done. */
  link(signal: AbortSignal | undefined): void {
    if (signal === undefined) return;
    this.callerSignal = signal;
    signal.addEventListener('abort', this.onAbort);
  }

  hasFreeSlot(): boolean {
    if (this.greediness === 0) return this.running < this.workers;
    return this.free.length > 0 || this.busy.length < this.workers;
  }

  /** Runs item `index` on a free worker; call only when `hasFreeSlot()`. */
  start(index: number, task: unknown): void {
    let slot = -1;
    if (this.greediness > 0) {
      const reused = this.free.pop();
      if (reused === undefined) {
        slot = this.busy.length;
        this.holding.push(0);
        this.busy.push(true);
      } else {
        slot = reused;
        this.busy[slot] = true;
      }
    }
    this.running++;
    let value: unknown;
    try {
      const { mapper } = this;
      if (mapper === undefined) value = typeof task === 'function' ? (task as Thunk)(this.signal) : task;
      else value = isThenable(task) ? this.mapLater(task, index, mapper) : mapper(task, index, this.signal);
      if (isThenable(value)) {
        void this.settleLater(index, value, slot);
        return;
      }
    } catch (error) {
      this.deliver(index, false, error, slot);
      return;
    }
    // A plain value costs no promise and no microtask.
    this.deliver(index, true, value, slot);
  }

  /** The outcome of item `index` if it finished, removed from the pool. */
  take(index: number): Outcome | undefined {
    const outcome = this.results.get(index);
    if (outcome === undefined) return undefined;
    this.results.delete(index);
    const { slot } = outcome;
    if (slot >= 0 && (this.holding[slot] as number)-- === this.greediness && !this.busy[slot]) {
      this.free.push(slot);
      if (this.state === OPEN) this.onSlotFree();
    }
    return outcome;
  }

  wait(index: number, waiter: Waiter): void {
    this.waiters.set(index, waiter);
  }

  unwait(index: number): void {
    this.waiters.delete(index);
  }

  /** The consumer has seen the end: let go of the caller's signal once idle. */
  finish(): void {
    this.finished = true;
    if (this.running === 0) this.unlink();
  }

  /**
   * Stops everything: aborts the tasks' signal with `reason` (an AbortError
   * when undefined), drops the results nobody took, and ends every wait with
   * the signal's reason, so that no promise of ours stays pending or becomes
   * an unhandled rejection. Later outcomes are dropped.
   */
  close(reason: unknown, state: typeof CLOSED | typeof ABORTED = CLOSED): void {
    if (this.state !== OPEN) return;
    this.state = state;
    this.unlink();
    this.controller.abort(reason);
    this.results.clear();
    const dropped = this.signal.reason as unknown;
    const { waiters } = this;
    for (const waiter of waiters.values()) waiter.drop(dropped);
    waiters.clear();
    this.onClose();
  }

  /** The mapper form over a promise item: the mapper gets its value. */
  private async mapLater(item: PromiseLike<unknown>, index: number, mapper: MapItem): Promise<unknown> {
    const value = await item;
    // Closed while the item was awaited: its mapper never starts.
    return this.state === OPEN ? mapper(value, index, this.signal) : undefined;
  }

  private async settleLater(index: number, pending: PromiseLike<unknown>, slot: number): Promise<void> {
    let ok = true;
    let value: unknown;
    try {
      value = await pending;
    } catch (error) {
      ok = false;
      value = error;
    }
    this.deliver(index, ok, value, slot);
  }

  private deliver(index: number, ok: boolean, value: unknown, slot: number): void {
    this.running--;
    if (this.state !== OPEN) return;
    const waiter = this.waiters.get(index);
    if (waiter === undefined) {
      this.results.set(index, { ok, value, slot });
      if (slot >= 0) (this.holding[slot] as number)++;
    } else {
      this.waiters.delete(index);
      // The slot still counts as busy here: settling may take this slot's
      // older results, and only the code below may free it, once.
      waiter.settle(ok, value);
      if (this.state !== OPEN) return;
    }
    if (slot >= 0) {
      this.busy[slot] = false;
      if ((this.holding[slot] as number) < this.greediness) this.free.push(slot);
    }
    if (this.finished && this.running === 0) this.unlink();
    else this.onSlotFree();
  }

  private unlink(): void {
    const signal = this.callerSignal;
    if (signal !== undefined) {
      this.callerSignal = undefined;
      signal.removeEventListener('abort', this.onAbort);
    }
  }
}
