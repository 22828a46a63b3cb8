import { CollectOperation, RUNNING } from './collect-operation';
import { notAnIteratorResult } from './source';
import { isThenable } from '@aiox/internal';
import { markHandled } from './thenable';

/*
 * The worker loops of `collect` over sync sources. They are the hot path, so
 * they are written like the hand-written floor they are measured against:
 * long-lived async functions, one `await` per task that returns a thenable
 * (none for a plain value), results written by index, one try/catch around
 * the loop rather than one per task. A failure ends the worker that met it
 * (fail fast: the others see `state` change after their current await and
 * stop), or, with `stopOnError: false`, is kept and the loop goes on.
 */

/** An array is read by index: no iterator, and pulling costs nothing. */
export function collectArray<T>(op: CollectOperation<T>, items: readonly unknown[], workers: number): void {
  op.items = items;
  for (let started = 0; started < workers && op.state === RUNNING && op.pulled < items.length; started++) {
    op.active++;
    void arrayWorker(op, items);
  }
  op.done();
}

async function arrayWorker<T>(op: CollectOperation<T>, items: readonly unknown[]): Promise<void> {
  const { results } = op;
  let index = 0;
  for (;;) {
    try {
      while (op.state === RUNNING) {
        index = op.pulled;
        if (index >= items.length) break;
        op.pulled = index + 1;
        let value = op.begin(items[index], index);
        if (isThenable(value)) {
          value = await value;
          if (op.state !== RUNNING) return;
        }
        results[index] = value as T;
      }
      break;
    } catch (error) {
      if (!op.taskFailed(index, error)) return;
    }
  }
  op.done();
}

/** Any other sync iterable: the workers share one cursor, one pull at a time. */
export function collectIterator<T>(op: CollectOperation<T>, iterator: Iterator<unknown>, workers: number): void {
  op.iterator = iterator;
  const next = iterator.next;
  for (let started = 0; started < workers && op.state === RUNNING && !op.exhausted; started++) {
    op.active++;
    void iteratorWorker(op, iterator, next);
  }
  op.done();
}

async function iteratorWorker<T>(
  op: CollectOperation<T>,
  iterator: Iterator<unknown>,
  next: Iterator<unknown>['next'],
): Promise<void> {
  const { results } = op;
  let index = 0;
  for (;;) {
    try {
      while (op.state === RUNNING && !op.exhausted) {
        op.pulling = true;
        const step = next.call(iterator);
        if (step === null || (typeof step !== 'object' && typeof step !== 'function')) throw notAnIteratorResult(step);
        if (step.done) {
          op.pulling = false;
          op.exhausted = true;
          break;
        }
        const item: unknown = step.value;
        op.pulling = false;
        // A task (or the caller's signal) may have failed the operation while
        // the source ran; the source could not be closed then, so close it now.
        if (op.state !== RUNNING) {
          markHandled(item);
          op.closeSource();
          return;
        }
        index = op.pulled++;
        results.push(undefined as T);
        let value = op.begin(item, index);
        if (isThenable(value)) {
          value = await value;
          if (op.state !== RUNNING) return;
        }
        results[index] = value as T;
      }
      break;
    } catch (error) {
      if (op.pulling) {
        // The source itself threw: like `for...of`, never call `return()` on a
        // broken iterator. It is no task's failure: nothing more can be
        // pulled, so it fails the operation even with `stopOnError: false`.
        op.pulling = false;
        op.exhausted = true;
        op.fail(error);
        return;
      }
      if (!op.taskFailed(index, error)) return;
    }
  }
  op.done();
}
