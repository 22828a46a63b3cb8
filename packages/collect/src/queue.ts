/**
 * A first-in first-out queue. `Array#shift` is O(n), which turns a long
 * queue (a consumer that asked far ahead of the workers) quadratic; this one
 * moves a head index and compacts when more than half of it is spent.
 */
export class Queue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The first item, removed; the queue must not be empty. */
  shift(): T {
    const { items } = this;
    const item = items[this.head] as T;
    items[this.head++] = undefined;
    if (this.head === items.length) {
      items.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= items.length) {
      items.splice(0, this.head);
      this.head = 0;
    }
    return item;
  }

  /** Empties the queue, handing each item to `visit` in order. */
  drain(visit: (item: T) => void): void {
    while (this.length > 0) visit(this.shift());
  }
}
