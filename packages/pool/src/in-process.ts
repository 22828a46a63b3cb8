import { PROCESS_POOL } from './executor-pool';

export function inProcess<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Promise<Awaited<R>> {
  return PROCESS_POOL.call(fn, args);
}
