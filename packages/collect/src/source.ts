import { describeValue } from '@aiox/internal';
import { markHandled } from './thenable';

export type SourceKind = 'array' | 'sync' | 'async';

const arrayValues = Array.prototype[Symbol.iterator];

/**
 * Tells how to read a task source, or throws the TypeError of a bad
 * argument. An object that is both async and sync iterable is read as async,
 * as `for await` and `Array.fromAsync` do. A plain array whose iterator is
 * the built-in one is read by index: pulling an item is then free, and the
 * order and laziness are those of its iterator (the length is read live).
 */
export function sourceKind(tasks: unknown, name: string): SourceKind {
  if (tasks !== null && (typeof tasks === 'object' || typeof tasks === 'function')) {
    const source = tasks as { [Symbol.asyncIterator]?: unknown; [Symbol.iterator]?: unknown };
    if (typeof source[Symbol.asyncIterator] === 'function') return 'async';
    const iterator = source[Symbol.iterator];
    if (typeof iterator === 'function') return iterator === arrayValues && Array.isArray(tasks) ? 'array' : 'sync';
  }
  throw new TypeError(`${name} must be an iterable or an async iterable (received ${describeValue(tasks)})`);
}

/**
 * How many workers to start: `workers`, capped by the source's `length` or
 * `size` when it has one (an array of 3 needs 3 workers, not 1024). At least
 * one, so that a source whose `length` says 0 but yields items still runs.
 */
export function workerCount(tasks: object, workers: number): number {
  const { length, size } = tasks as { length?: unknown; size?: unknown };
  const hint = typeof length === 'number' ? length : size;
  if (typeof hint === 'number' && hint >= 0 && hint < workers) return Math.max(1, Math.ceil(hint));
  return workers;
}

/** Calls `iterable[Symbol.iterator]()` and checks that it gave an object. */
export function openIterator<T>(iterable: Iterable<T>): Iterator<T> {
  return checked(iterable[Symbol.iterator]());
}

export function openAsyncIterator<T>(iterable: AsyncIterable<T>): AsyncIterator<T> {
  return checked(iterable[Symbol.asyncIterator]());
}

/** The TypeError `for...of` would throw for a `next()` result that is not an object. */
export function notAnIteratorResult(step: unknown): TypeError {
  return new TypeError(`the source's next() must return an object (received ${describeValue(step)})`);
}

function checked<I>(iterator: I): I {
  if (iterator === null || (typeof iterator !== 'object' && typeof iterator !== 'function')) {
    throw new TypeError(`the source's iterator must be an object (received ${describeValue(iterator)})`);
  }
  return iterator;
}

/**
 * Closes an iterator we stop reading early, as `break` in `for...of` would:
 * a generator's `finally` runs. Its errors (a sync throw, or a rejection from
 * an async `return()`) are dropped: we stop because of another outcome,
 * which is the one the caller gets.
 */
export function closeIterator(iterator: Iterator<unknown> | AsyncIterator<unknown>): void {
  try {
    const close: unknown = iterator.return;
    if (typeof close !== 'function') return;
    const result: unknown = (close as () => unknown).call(iterator);
    markHandled(result);
  } catch {
    // Dropped on purpose: see above.
  }
}
