/**
 * CPU work on worker threads and child processes, on tinypool.
 *
 * @packageDocumentation
 */
import { CPU_CORES as cores, PROCESS_POOL as processPool, THREAD_POOL as threadPool } from './executor-pool';
import type { ExecutorPool } from './executor-pool';
import { inProcess as runInProcess } from './in-process';
import { inThread as runInThread } from './in-thread';
import {
  createModuleTask,
  createTaskModule,
  type ModuleLocation,
  type ModuleTaskFor,
  type TaskModule,
} from './module-task';
import type { InPool } from './pool-caller';
import { mapInPool, type MapOptions } from './map-in-pool';

export type { CallOptions } from './call-in-pool';
export type { MapOptions } from './map-in-pool';
export type { TransferItem } from './transfer';
export { ExecutorPool, type ExecutorPoolOptions } from './executor-pool';
export { type DriverTask, type OpenedTask, type OpenOptions } from './opened-task';
export {
  DataCloneError,
  IdleExit,
  PoolShutDownError,
  UnsupportedHostError,
  WorkerDiedError,
  WorkerStartError,
} from './errors';
export type { TaskPort } from './task-port';
export type { Runtime } from './runtime/adapter';
export type {
  FunctionExports,
  ModuleLocation,
  ModuleTask,
  ModuleTaskFor,
  ModuleTaskOf,
  PoolFunction,
  TaskModule,
} from './module-task';
export type { InPool } from './pool-caller';

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
 * first use with `Math.min(32, CPU_CORES + 4)` workers at most (threads also
 * wait on blocking calls, so more than the cores overlap), created one by
 * one as needed;
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
 * refused with a `TypeError`; a value that cannot be copied, with a
 * {@link DataCloneError} naming where it sits. The task's error rejects the call with its own
 * class, message, worker stack, `cause` and properties; a worker that dies
 * (exit, crash, out of memory) fails only its own task, with a message that
 * says how it died, and is replaced.
 *
 * `fn` may instead be a function exported by a module, named with
 * {@link moduleTask} or {@link taskModule}: it runs with that module's
 * imports, and its arguments and result are type-checked here.
 *
 * Options go through `inThread.with({ signal, transfer })(fn, ...args)`
 * (see {@link InPool.with}): an abort rejects with `signal.reason`, drops a
 * queued task at once, and ends (and replaces) the worker of a running one.
 *
 * @example
 * ```ts
 * import { inThread } from '@aiox/pool';
 * const sum = await inThread((n: number) => {
 *   let total = 0;
 *   for (let i = 0; i < n; i++) total += i;
 *   return total;
 * }, 1e7);
 *
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(new Error('too slow')), 1000);
 * await inThread.with({ signal: controller.signal })(() => {
 *   while (true); // ended with its worker on abort
 * }).catch((error: unknown) => console.log(error)); // Error: too slow
 * ```
 */
export const inThread: InPool = runInThread;

/**
 * Runs `fn(...args)` in a child process of {@link PROCESS_POOL} and resolves
 * with its (awaited) result. Same rules as {@link inThread}; a child process
 * also isolates crashes, `process.exit` and memory exhaustion completely.
 * `inProcess.with({ signal })` binds options, as `inThread.with` does.
 *
 * @example
 * ```ts
 * import { inProcess } from '@aiox/pool';
 * const big = await inProcess((a: bigint) => a ** 64n, 3n);
 * const pid = await inProcess.with({ signal: AbortSignal.timeout(5000) })(() => process.pid);
 * ```
 */
export const inProcess: InPool = runInProcess;

/**
 * Names a function exported by a module, to run with `inThread`,
 * `inProcess` or `ExecutorPool#call`. The worker imports the module once (by
 * its URL) and calls the export, so the function may use anything the module
 * imports. Give the export's type as `F` (`typeof import('./m.js')['name']`)
 * and the call site is type-checked against it; without `F` the handle takes
 * any arguments and resolves with `unknown`.
 *
 * @typeParam F - the type of the exported function, which the handle's
 *   calls are checked against.
 * @param module - a `URL`, a `file:` URL string or an absolute path. A
 *   relative path is a `TypeError`: write `new URL('./m.js', import.meta.url)`.
 * @param exportName - the export's name. A module that is missing, or has no
 *   function by that name, rejects the call with an error that says so and
 *   lists the functions it exports.
 *
 * @example
 * ```ts
 * // tasks.ts:  import { createHash } from 'node:crypto';
 * //            export function hash(data: Uint8Array, rounds: number): string { ... }
 * import { inThread, moduleTask } from '@aiox/pool';
 * const hash = moduleTask<typeof import('./tasks.js')['hash']>(new URL('./tasks.js', import.meta.url), 'hash');
 * const digest: string = await inThread(hash, new Uint8Array([1, 2, 3]), 3);
 * ```
 */
export function moduleTask<F extends (...args: never[]) => unknown = (...args: unknown[]) => unknown>(
  module: ModuleLocation,
  exportName: string,
): ModuleTaskFor<F> {
  return createModuleTask<F>(module, exportName);
}

/**
 * Names a module whose exports run in workers, typed by the module's type
 * `M` (`typeof import('./m.js')`): `.task(name)` accepts only the names of
 * its function exports and returns a handle typed like that export, as
 * {@link moduleTask} does.
 *
 * @param module - a `URL`, a `file:` URL string or an absolute path (not a
 *   relative path: `TypeError`).
 *
 * @example
 * ```ts
 * import { inProcess, taskModule } from '@aiox/pool';
 * const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));
 * const digest = await inProcess(tasks.task('hash'), new Uint8Array([1, 2, 3]), 3); // string
 * ```
 */
export function taskModule<M>(module: ModuleLocation): TaskModule<M> {
  return createTaskModule<M>(module);
}

/**
 * Maps many small items through `fn(item, index)` on {@link THREAD_POOL}, a
 * chunk of items per task instead of a task per item, and resolves with the
 * results in input order. `fn` is shipped by its source text, as for
 * {@link inThread}, and may be async (each chunk runs its items one after
 * another). `items` is any iterable (an array is used as it is).
 *
 * Chunks run in parallel, at most `options.workers` at once (default:
 * `CPU_CORES`, or the pool's `maxWorkers` when lower); `options.chunkSize` defaults to about four chunks per
 * worker, at most 4096 items each. The first error rejects the call at once,
 * with its own class and an `index` property naming the item, and aborts the
 * other chunks; so does an abort of `options.signal`, with `signal.reason`.
 * No items: `[]`, with no task started.
 *
 * @example
 * ```ts
 * import { mapInThreads } from '@aiox/pool';
 * const squares = await mapInThreads((n: number) => n * n, [1, 2, 3, 4]);
 * console.log(squares); // [1, 4, 9, 16]
 * ```
 */
export function mapInThreads<T, R>(fn: (item: T, index: number) => R, items: Iterable<T>, options?: MapOptions): Promise<Awaited<R>[]> {
  return mapInPool(threadPool, fn, items, options);
}

/**
 * {@link mapInThreads} on the child processes of {@link PROCESS_POOL}: same
 * rules, with items and results copied over IPC.
 *
 * @example
 * ```ts
 * import { mapInProcesses } from '@aiox/pool';
 * const lengths = await mapInProcesses((word: string) => word.length, ['a', 'bb', 'ccc']);
 * console.log(lengths); // [1, 2, 3]
 * ```
 */
export function mapInProcesses<T, R>(fn: (item: T, index: number) => R, items: Iterable<T>, options?: MapOptions): Promise<Awaited<R>[]> {
  return mapInPool(processPool, fn, items, options);
}
