import { callForm } from './arguments';
import { parseOptions } from './options';
import { AsyncResolver } from './resolve-async';
import { PromiseIterator, ValueIterator } from './resolve-iterators';
import { SyncResolver } from './resolve-sync';
import { sourceKind, workerCount } from './source';

/**
 * Checks the arguments (throwing at once: `resolve` is not async) and builds
 * the iterator. Nothing is pulled or called until its first `next()`.
 */
export function resolveTasks<T>(tasks: unknown, second: unknown, third: unknown): PromiseIterator<T> | ValueIterator<T> {
  const { sourceName, mapper, options } = callForm(second, third);
  const kind = sourceKind(tasks, sourceName);
  const { workers, greediness, signal, stopOnError } = parseOptions(options, true);
  const count = workerCount(tasks as object, workers);
  return kind === 'async'
    ? new ValueIterator(new AsyncResolver<T>(tasks as AsyncIterable<unknown>, count, greediness, signal, mapper, stopOnError))
    : new PromiseIterator(new SyncResolver<T>(tasks as Iterable<unknown>, count, greediness, signal, mapper));
}
