import { CollectOperation, RUNNING } from './collect-operation';
import { notAnIteratorResult } from './source';
import { isThenable } from '@aiox/internal';
import { markHandled } from './thenable';

/**
 * `collect` over an async source. Its pulls are serialized (one `next()` at
 * a time, as `for await` does: an async generator would queue concurrent
 * calls anyway, and a hand-written iterator need not support them), so a
 * single pump pulls and hands each item to a task of its own, waiting
 * whenever `workers` tasks are running.
 */
export function collectAsyncIterator<T>(
  op: CollectOperation<T>,
  iterator: AsyncIterator<unknown>,
  workers: number,
): void {
  op.iterator = iterator;
  void pump(op, iterator, iterator.next, workers);
}

async function pump<T>(
  op: CollectOperation<T>,
  iterator: AsyncIterator<unknown>,
  next: AsyncIterator<unknown>['next'],
  workers: number,
): Promise<void> {
  try {
    while (op.state === RUNNING) {
      // `active` counts this pump as well as the running tasks.
      if (op.active > workers) {
        await op.slotFreed();
        continue;
      }
      op.pulling = true;
      const step = await next.call(iterator);
      if (step === null || (typeof step !== 'object' && typeof step !== 'function')) throw notAnIteratorResult(step);
      if (step.done) {
        op.pulling = false;
        op.exhausted = true;
        break;
      }
      const item: unknown = step.value;
      op.pulling = false;
      if (op.state !== RUNNING) {
        markHandled(item);
        op.closeSource();
        return;
      }
      const index = op.pulled++;
      op.results.push(undefined as T);
      op.active++;
      void runTask(op, index, item);
    }
  } catch (error) {
    if (op.pulling) {
      op.pulling = false;
      op.exhausted = true;
    }
    op.fail(error);
    return;
  }
  op.done();
}

async function runTask<T>(op: CollectOperation<T>, index: number, item: unknown): Promise<void> {
  try {
    let value = op.begin(item, index);
    if (isThenable(value)) {
      value = await value;
      if (op.state !== RUNNING) return;
    }
    op.results[index] = value as T;
  } catch (error) {
    if (!op.taskFailed(index, error)) return;
  }
  op.done();
  op.wake();
}
