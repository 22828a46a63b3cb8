/**
 * CPU work on worker threads and child processes, on tinypool.
 *
 * @packageDocumentation
 */
import { CPU_CORES as cores, PROCESS_POOL as processPool, THREAD_POOL as threadPool } from './executor-pool';
import type { ExecutorPool } from './executor-pool';
import { inProcess as runInProcess } from './in-process';
import { inThread as runInThread } from './in-thread';

export type { CallOptions } from './call-in-pool';
export { ExecutorPool, type ExecutorPoolOptions } from './executor-pool';
export type { Runtime } from './runtime/adapter';

/**
 * The number of CPU cores this process may use (`os.availableParallelism()`),
 * and the most workers a process pool accepts.
 *
 * @example
 * ```ts
 * import { CPU_CORES, PROCESS_POOL } from '@aiox/pool';
 * PROCESS_POOL.initialize({ maxWorkers: CPU_CORES });
 * ```
 */
export const CPU_CORES: number = cores;

/**
 * The shared pool of worker threads that {@link inThread} uses. It starts on
 * first use with `CPU_CORES` workers at most, created one by one as needed;
 * call `initialize({ maxWorkers })` before that to choose another size. Idle
 * workers never keep the process alive.
 *
 * @example
 * ```ts
 * import { THREAD_POOL, inThread } from '@aiox/pool';
 * THREAD_POOL.initialize({ maxWorkers: 4 });
 * console.log(await inThread((n: number) => n * 2, 21)); // 42
 * await THREAD_POOL.shutdown();
 * ```
 */
export const THREAD_POOL: ExecutorPool = threadPool;

/**
 * The shared pool of child processes that {@link inProcess} uses, at most
 * {@link CPU_CORES} workers, started on first use. Values cross with the
 * structured clone algorithm (a `Map`, a `BigInt`, an `ArrayBuffer` survive),
 * and each child gets the parent's environment.
 *
 * @example
 * ```ts
 * import { PROCESS_POOL, inProcess } from '@aiox/pool';
 * console.log(await inProcess(() => process.pid)); // a child's pid
 * await PROCESS_POOL.shutdown();
 * ```
 */
export const PROCESS_POOL: ExecutorPool = processPool;

/**
 * Runs `fn(...args)` on a worker thread of {@link THREAD_POOL} and resolves
 * with its (awaited) result.
 *
 * `fn` is shipped by its source text, so it must be self-contained: it may use
 * its parameters and globals, not the variables around it (a name it cannot
 * find fails with a message that says so). Arguments and the result are
 * structured-cloned. A bound, native or generator function, or a class, is
 * refused with a `TypeError`. The task's error rejects the call with its own
 * class, message, worker stack, `cause` and properties; a worker that dies
 * (exit, crash, out of memory) fails only its own task, with a message that
 * says how it died, and is replaced.
 *
 * @example
 * ```ts
 * import { inThread } from '@aiox/pool';
 * const sum = await inThread((n: number) => {
 *   let total = 0;
 *   for (let i = 0; i < n; i++) total += i;
 *   return total;
 * }, 1e7);
 * ```
 */
export const inThread: <A extends unknown[], R>(fn: (...args: A) => R, ...args: A) => Promise<Awaited<R>> = runInThread;

/**
 * Runs `fn(...args)` in a child process of {@link PROCESS_POOL} and resolves
 * with its (awaited) result. Same rules as {@link inThread}; a child process
 * also isolates crashes, `process.exit` and memory exhaustion completely.
 *
 * @example
 * ```ts
 * import { inProcess } from '@aiox/pool';
 * const big = await inProcess((a: bigint) => a ** 64n, 3n);
 * ```
 */
export const inProcess: <A extends unknown[], R>(fn: (...args: A) => R, ...args: A) => Promise<Awaited<R>> = runInProcess;
