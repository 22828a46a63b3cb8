import type { Waiter } from './waiter';

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
