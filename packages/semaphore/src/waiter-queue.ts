import type { Waiter } from './waiter';

/**
 * The FIFO queue of waiters: an intrusive doubly linked list, so that
 * pushing, taking the head and removing an aborted waiter from anywhere are
 * all O(1) and allocate nothing.
 */
export class WaiterQueue {
  #head: Waiter | undefined;
  #tail: Waiter | undefined;
  #size = 0;

  get head(): Waiter | undefined {
    return this.#head;
  }

  get size(): number {
    return this.#size;
  }

  /** Appends a new waiter: its `next` is still unset. */
  push(waiter: Waiter): void {
    const tail = this.#tail;
    waiter.prev = tail;
    if (tail === undefined) this.#head = waiter;
    else tail.next = waiter;
    this.#tail = waiter;
    this.#size += 1;
  }

  /** Unlinks `waiter`, which must be in this queue. */
  remove(waiter: Waiter): void {
    const { prev, next } = waiter;
    if (prev === undefined) this.#head = next;
    else prev.next = next;
    if (next === undefined) this.#tail = prev;
    else next.prev = prev;
    waiter.prev = undefined;
    waiter.next = undefined;
    this.#size -= 1;
  }
}
