import { assertFunction, keepNameAndLength } from '@aiox/internal';
import type { StartScheduler } from './start-scheduler';

function invoke<A extends unknown[], R>(fn: (...args: A) => R, self: unknown, args: A): Promise<Awaited<R>> {
  try {
    return Promise.resolve(fn.apply(self, args));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `fn` behind the scheduler: called synchronously when a slot is free now
 * (no extra promise hop on the fast path), otherwise once its turn comes.
 * `this` passes through, so a wrapped method still works.
 */
export function wrapStarts<A extends unknown[], R>(
  scheduler: StartScheduler,
  fn: (...args: A) => R,
): (...args: A) => Promise<Awaited<R>> {
  assertFunction('fn', fn);
  const wrapped = function (this: unknown, ...args: A): Promise<Awaited<R>> {
    if (scheduler.tryStart()) return invoke(fn, this, args);
    return scheduler.enqueue(undefined).then(() => fn.apply(this, args)) as Promise<Awaited<R>>;
  };
  return keepNameAndLength(wrapped, fn);
}
