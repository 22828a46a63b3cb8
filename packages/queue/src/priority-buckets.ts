import type { TaskEntry } from './task-entry';

/** The queued tasks of one priority, first added first, as a doubly linked list. */
export class Bucket {
  readonly priority: number;
  first: TaskEntry | undefined = undefined;
  last: TaskEntry | undefined = undefined;
  /** Its place in the heap. */
  index = 0;

  constructor(priority: number) {
    this.priority = priority;
  }
}

/**
 * The queued tasks: one FIFO list per priority, and a binary heap of the
 * priorities that have tasks, highest on top. Adding is a map lookup and an
 * append, plus O(log p) for a priority not yet queued (p: the priorities
 * queued); taking the next is O(1), plus O(log p) when its priority runs
 * out; removing any task (its signal aborted) is O(1) the same way. A heap
 * of tasks would pay O(log n) on every add and every start; with the few
 * priorities real queues use, the lists pay nearly nothing.
 */
export class PriorityBuckets {
  #size = 0;
  readonly #heap: Bucket[] = [];
  readonly #byPriority = new Map<number, Bucket>();
  // The bucket of the last add: runs of equal priority (the default 0 above
  // all) skip the map.
  #recent: Bucket | undefined;

  get size(): number {
    return this.#size;
  }

  push(entry: TaskEntry, priority: number): void {
    let bucket = this.#recent;
    if (bucket === undefined || bucket.priority !== priority) {
      bucket = this.#byPriority.get(priority);
      if (bucket === undefined) bucket = this.#open(priority);
      this.#recent = bucket;
    }
    entry.bucket = bucket;
    const last = bucket.last;
    if (last === undefined) bucket.first = entry;
    else {
      last.next = entry;
      entry.previous = last;
    }
    bucket.last = entry;
    this.#size++;
  }

  /** Takes out the first task of the highest priority. */
  shift(): TaskEntry | undefined {
    const bucket = this.#heap[0];
    if (bucket === undefined) return undefined;
    const entry = bucket.first as TaskEntry;
    this.remove(entry);
    return entry;
  }

  /** Takes out a task that is queued. */
  remove(entry: TaskEntry): void {
    const bucket = entry.bucket as Bucket;
    const { previous, next } = entry;
    if (previous === undefined) bucket.first = next;
    else previous.next = next;
    if (next === undefined) bucket.last = previous;
    else next.previous = previous;
    entry.bucket = entry.previous = entry.next = undefined;
    this.#size--;
    if (bucket.first === undefined) this.#close(bucket);
  }

  /** Takes out every task, highest priority first, and returns them in that order. */
  takeAll(): TaskEntry[] {
    const taken: TaskEntry[] = [];
    for (let entry = this.shift(); entry !== undefined; entry = this.shift()) taken.push(entry);
    return taken;
  }

  #open(priority: number): Bucket {
    const bucket = new Bucket(priority);
    this.#byPriority.set(priority, bucket);
    const heap = this.#heap;
    bucket.index = heap.length;
    heap.push(bucket);
    this.#up(bucket.index);
    return bucket;
  }

  #close(bucket: Bucket): void {
    this.#byPriority.delete(bucket.priority);
    if (this.#recent === bucket) this.#recent = undefined;
    const heap = this.#heap;
    const last = heap.pop() as Bucket;
    if (last === bucket) return;
    const index = bucket.index;
    heap[index] = last;
    last.index = index;
    this.#up(index);
    this.#down(last.index);
  }

  #up(index: number): void {
    const heap = this.#heap;
    const moving = heap[index] as Bucket;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex] as Bucket;
      if (parent.priority >= moving.priority) break;
      heap[index] = parent;
      parent.index = index;
      index = parentIndex;
    }
    heap[index] = moving;
    moving.index = index;
  }

  #down(index: number): void {
    const heap = this.#heap;
    const length = heap.length;
    const moving = heap[index] as Bucket;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child =
        right < length && (heap[right] as Bucket).priority > (heap[left] as Bucket).priority ? right : left;
      const higher = heap[child] as Bucket;
      if (higher.priority <= moving.priority) break;
      heap[index] = higher;
      higher.index = index;
      index = child;
    }
    heap[index] = moving;
    moving.index = index;
  }
}
