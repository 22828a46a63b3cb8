import { callForm } from './arguments';
import { collectAsyncIterator } from './collect-async';
import { CollectOperation } from './collect-operation';
import { collectArray, collectIterator } from './collect-sync';
import { parseOptions } from './options';
import { openAsyncIterator, openIterator, sourceKind, workerCount } from './source';

/**
 * Checks the arguments, then runs the tasks (or maps the items). Never
 * throws: every error, a bad argument included, rejects the returned
 * promise, since `collect` is an async function to its callers.
 */
export function collectTasks<T>(tasks: unknown, second: unknown, third: unknown): Promise<T[]> {
  let kind: ReturnType<typeof sourceKind>;
  let parsed: ReturnType<typeof parseOptions>;
  const form = callForm(second, third);
  try {
    kind = sourceKind(tasks, form.sourceName);
    parsed = parseOptions(form.options, false);
  } catch (error) {
    return Promise.reject(error);
  }
  const { signal } = parsed;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const source = tasks as object;
  const workers = workerCount(source, parsed.workers);
  const op = new CollectOperation<T>(
    kind === 'array' ? new Array<T>((source as unknown[]).length) : [],
    signal,
    form.mapper,
    parsed.stopOnError,
  );
  try {
    if (kind === 'array') collectArray(op, source as unknown[], workers);
    else if (kind === 'sync') collectIterator(op, openIterator(source as Iterable<unknown>), workers);
    else collectAsyncIterator(op, openAsyncIterator(source as AsyncIterable<unknown>), workers);
  } catch (error) {
    // Only opening the iterator can throw here: the workers catch their own.
    op.fail(error);
  }
  return op.promise;
}
