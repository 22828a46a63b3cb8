function ignore(): void {}

/** Whoever must hear that a waiter's signal aborted. */
export interface WaiterOwner {
  cancel(waiter: Waiter): void;
}

/**
 * One call waiting for its start slot: a node of the queue and, through
 * `handleEvent`, its own abort listener, so waiting needs no closure per call.
 */
export class Waiter {
  prev: Waiter | undefined = undefined;
  next: Waiter | undefined = undefined;
  private resolveWait: () => void = ignore;
  private rejectWait: (reason: unknown) => void = ignore;
  readonly promise: Promise<void>;

  constructor(
    private readonly owner: WaiterOwner,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolveWait = resolve;
      this.rejectWait = reject;
    });
    signal?.addEventListener('abort', this);
  }

  start(): void {
    this.signal?.removeEventListener('abort', this);
    this.resolveWait();
  }

  handleEvent(): void {
    const signal = this.signal as AbortSignal;
    signal.removeEventListener('abort', this);
    this.owner.cancel(this);
    this.rejectWait(signal.reason);
  }
}

/**
 * First come, first served, with O(1) removal from the middle: an aborted
 * waiter leaves at once instead of lingering as a tombstone.
 */
export class WaiterQueue {
  head: Waiter | undefined = undefined;
  private tail: Waiter | undefined = undefined;
  size = 0;

  push(waiter: Waiter): void {
    waiter.prev = this.tail;
    if (this.tail === undefined) this.head = waiter;
    else this.tail.next = waiter;
    this.tail = waiter;
    this.size += 1;
  }

  remove(waiter: Waiter): void {
    const { prev, next } = waiter;
    if (prev === undefined) this.head = next;
    else prev.next = next;
    if (next === undefined) this.tail = prev;
    else next.prev = prev;
    waiter.prev = undefined;
    waiter.next = undefined;
    this.size -= 1;
  }
}
