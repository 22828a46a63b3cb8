import { THREAD_POOL } from './executor-pool';

export function inThread<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Promise<Awaited<R>> {
  return THREAD_POOL.call(fn, args);
}
