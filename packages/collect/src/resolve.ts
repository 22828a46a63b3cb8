import { parseOptions } from './options';
import { AsyncResolver } from './resolve-async';
import { PromiseIterator, ValueIterator } from './resolve-iterators';
import { SyncResolver } from './resolve-sync';
import { sourceKind, workerCount } from './source';

/**
 * Checks the arguments (throwing at once: `resolve` is not async) and builds
 * the iterator. Nothing is pulled or called until its first `next()`.
 */
export function resolveTasks<T>(tasks: unknown, options: unknown): PromiseIterator<T> | ValueIterator<T> {
  const kind = sourceKind(tasks);
  const { workers, greediness, signal } = parseOptions(options, true);
  const count = workerCount(tasks as object, workers);
  return kind === 'async'
    ? new ValueIterator(new AsyncResolver<T>(tasks as AsyncIterable<unknown>, count, greediness, signal))
    : new PromiseIterator(new SyncResolver<T>(tasks as Iterable<unknown>, count, greediness, signal));
}
