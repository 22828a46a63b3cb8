import { announcePoolStart, assertInteger, assertOptions, assertSignal, describeValue } from '@aiox/internal';
import { availableParallelism } from 'node:os';
import Tinypool from 'tinypool';
import { type CallOptions, callShipped, type Submit } from './call-in-pool';
import type { TaskPort } from './task-port';
import type { AdapterSettings, Runtime, RuntimeAdapter } from './runtime/adapter';
import { processAdapter } from './runtime/process';
import { threadAdapter } from './runtime/thread';
import { isModuleTask, type ModuleTask, type PoolFunction } from './module-task';
import { type DriverTask, type OpenedTask, type OpenOptions, openTask } from './opened-task';
import { shippableSource } from './ship-function';
import { Running } from './running-pool';
import { workerFile } from './worker-file';
import { UnsupportedHostError } from './errors';

export const CPU_CORES: number = availableParallelism();

// Idle workers are unref'd by tinypool and its idle timer is unref'd too, so
// this only says how long a worker (and the functions it has compiled) stays
// warm in a process that is still running; it never keeps one alive.
const IDLE_TIMEOUT_MS = 30_000;

const adapters: Record<Runtime, RuntimeAdapter> = { worker_threads: threadAdapter, child_process: processAdapter };

/** Options of an {@link ExecutorPool} beyond its runtime. */
export interface ExecutorPoolOptions {
  /**
   * Caps each worker's old-generation heap, in MB (threads: `resourceLimits`;
   * processes: `--max-old-space-size`). A worker over it dies and fails only
   * its own task.
   */
  readonly maxOldGenerationSizeMb?: number | undefined;
}

/**
 * A tinypool of worker threads or child processes, started lazily (on the
 * first {@link ExecutorPool.call} or an explicit {@link ExecutorPool.initialize}),
 * with workers created one by one as tasks need them. Idle workers never keep
 * the process alive. A worker that dies (exit, crash, signal, out of memory)
 * fails only its own task, with a message that says how it died, and is
 * replaced. {@link THREAD_POOL} and {@link PROCESS_POOL} are the shared ones.
 *
 * @example
 * ```ts
 * import { ExecutorPool } from '@aiox/pool';
 * const pool = new ExecutorPool('child_process', { maxOldGenerationSizeMb: 256 });
 * pool.initialize({ maxWorkers: 2 });
 * const total = await pool.call((xs: number[]) => xs.reduce((a, b) => a + b, 0), [[1, 2, 3]]);
 * await pool.shutdown();
 * ```
 */
export class ExecutorPool {
  readonly #adapter: RuntimeAdapter;
  readonly #settings: AdapterSettings;
  #running: Running | undefined;

  /**
   * @param runtime - `'worker_threads'` or `'child_process'`.
   * @param options - settings every worker of the pool gets.
   * @throws TypeError for an unknown runtime or malformed options.
   */
  constructor(runtime: Runtime, options?: ExecutorPoolOptions) {
    if (runtime !== 'worker_threads' && runtime !== 'child_process') {
      throw new TypeError(`runtime must be 'worker_threads' or 'child_process' (received ${String(runtime)})`);
    }
    assertOptions('options', options);
    if (options?.maxOldGenerationSizeMb !== undefined) {
      assertInteger('options.maxOldGenerationSizeMb', options.maxOldGenerationSizeMb, 1);
    }
    this.#adapter = adapters[runtime];
    this.#settings = options?.maxOldGenerationSizeMb === undefined ? {} : { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb };
  }

  /** The runtime this pool's workers run on. */
  get runtime(): Runtime {
    return this.#adapter.runtime;
  }

  /** Whether the pool has started (and has not been shut down since). */
  get initialized(): boolean {
    return this.#running !== undefined;
  }

  /**
   * The underlying tinypool, for what this class does not cover.
   * @throws Error `Must call initialize first` before the pool has started.
   */
  get pool(): Tinypool {
    if (this.#running === undefined) throw new Error('Must call initialize first');
    return this.#running.tinypool;
  }

  /**
   * Calls waiting in the pool's queue for a worker (0 before the pool starts).
   *
   * @example
   * ```ts
   * import { ExecutorPool } from '@aiox/pool';
   * const pool = new ExecutorPool('worker_threads');
   * pool.initialize({ maxWorkers: 1 });
   * const calls = [1, 2, 3].map((n) => pool.call((x: number) => x, [n]));
   * console.log(pool.queued, pool.running); // 1 2: one runs, one is sent ahead
   * await Promise.all(calls);
   * ```
   */
  get queued(): number {
    return this.#running?.queued ?? 0;
  }

  /**
   * Calls handed to a worker: running, or (threads) sent ahead to run next.
   * 0 before the pool starts. See {@link ExecutorPool.queued}.
   */
  get running(): number {
    return this.#running?.running ?? 0;
  }

  /**
   * Starts the pool; a no-op when it has started already. No worker is
   * created until a task needs one.
   * @param options.maxWorkers - most workers at once; default for a thread
   *   pool `Math.min(32, CPU_CORES + 4)` (sized for blocking calls, as
   *   Python's ThreadPoolExecutor), default and cap for a process pool
   *   {@link CPU_CORES}. An integer >= 1 (`RangeError`, `TypeError`
   *   otherwise, naming the value received).
   * @throws Error for a `'child_process'` pool outside Node.js (Deno and Bun
   *   cannot carry its calls); `'worker_threads'` pools run there.
   */
  initialize(options?: { readonly maxWorkers?: number | undefined }): void {
    assertOptions('options', options);
    const maxWorkers = options?.maxWorkers ?? this.#adapter.defaultMaxWorkers;
    assertInteger('maxWorkers', maxWorkers, 1);
    if (maxWorkers > this.#adapter.maxWorkersLimit) {
      throw new RangeError(
        `maxWorkers must be an integer between 1 and ${this.#adapter.maxWorkersLimit} (CPU_CORES) for a process pool (received ${maxWorkers})`,
      );
    }
    if (this.#running !== undefined) return;
    const unsupported = this.#adapter.unsupportedHost();
    if (unsupported !== undefined) throw new UnsupportedHostError(unsupported);
    const tinypool = new Tinypool({
      ...this.#adapter.tinypoolOptions(this.#settings),
      filename: workerFile(),
      minThreads: 0,
      maxThreads: maxWorkers,
      idleTimeout: IDLE_TIMEOUT_MS,
      concurrentTasksPerWorker: 1,
    });
    this.#running = new Running(tinypool, this.#adapter);
    // `run` shuts down the pools its main started.
    announcePoolStart(this);
  }

  /**
   * Ends every worker; a no-op when not started. With `wait` (default true)
   * it first lets the tasks already submitted finish; with `wait: false` they
   * reject. It never hangs: a worker that does not end within a short grace
   * is terminated. A later call starts a fresh pool.
   */
  async shutdown(options?: { readonly wait?: boolean | undefined }): Promise<void> {
    assertOptions('options', options);
    const running = this.#running;
    if (running === undefined) return;
    // Calls made from now on start a fresh pool.
    this.#running = undefined;
    if (options?.wait ?? true) await running.settled();
    await running.destroy();
  }

  /**
   * Runs `fn(...args)` on a worker of this pool, starting the pool if needed;
   * `fn` is shipped by its source text, or is a module's export made by
   * `moduleTask`, as for `inThread`. An abort of
   * `options.signal` rejects with `signal.reason`: a queued task is dropped at
   * once, a running one has its worker ended and replaced. `options.transfer`
   * moves the listed buffers instead of copying them (threads; a copy in a
   * child process), `options.transferResult` moves the result's back.
   */
  call<A extends unknown[], R>(fn: PoolFunction<A, R>, args: A, options?: CallOptions): Promise<Awaited<R>> {
    try {
      assertOptions('options', options);
      assertSignal('options.signal', options?.signal);
      if (!Array.isArray(args)) throw new TypeError(`args must be an array (received ${describeValue(args)})`);
    } catch (error) {
      return Promise.reject(error);
    }
    return callShipped(this.#submit, this.runtime, fn, args, options) as Promise<Awaited<R>>;
  }

  /**
   * Runs `fn(...args, port)` on a worker of its own and keeps a channel to
   * it open while it runs: `task.send(message)` reaches `port.onMessage`,
   * `port.send(message)` reaches `options.onMessage`, both in order. The
   * task holds its worker alone (no call is sent ahead behind it) until it
   * settles; `task.result` settles as {@link ExecutorPool.call}'s promise
   * does. For tasks that report progress, take requests, or stream.
   *
   * @throws TypeError for a function that cannot be shipped, or bad options.
   *
   * @example
   * ```ts
   * import { ExecutorPool, type TaskPort } from '@aiox/pool';
   * const pool = new ExecutorPool('worker_threads');
   * const task = pool.open(
   *   (prefix: string, port: TaskPort) =>
   *     new Promise<string>((resolve) => port.onMessage((name) => resolve(`${prefix} ${String(name)}`))),
   *   ['hello'],
   *   { onMessage: (message) => console.log('worker says', message) },
   * );
   * task.send('world');
   * console.log(await task.result); // hello world
   * await pool.shutdown();
   * ```
   */
  open<A extends unknown[], R>(fn: PoolFunction<[...A, TaskPort], R>, args: A, options?: OpenOptions): OpenedTask<Awaited<R>>;
  /** With a driver, `fn` is what the driver runs: any function (or module task) it takes, with the arguments it takes. */
  open<R = unknown>(
    fn: ((...args: never[]) => unknown) | ModuleTask<never, unknown>,
    args: readonly unknown[],
    options: OpenOptions & { readonly driver: DriverTask },
  ): OpenedTask<R>;
  open(fn: unknown, args: readonly unknown[], options: OpenOptions = {}): OpenedTask<unknown> {
    assertOptions('options', options);
    assertSignal('options.signal', options.signal);
    if (!Array.isArray(args)) throw new TypeError(`args must be an array (received ${describeValue(args)})`);
    for (const name of ['onMessage', 'onIdleExit'] as const) {
      const value = options[name];
      if (value !== undefined && typeof value !== 'function') {
        throw new TypeError(`options.${name} must be a function (received ${describeValue(value)})`);
      }
    }
    const { driver } = options;
    if (driver !== undefined && !isModuleTask(driver)) {
      throw new TypeError(`options.driver must be a module task made by moduleTask() (received ${describeValue(driver)})`);
    }
    if (!isModuleTask(fn)) shippableSource(fn, { generators: driver !== undefined });
    return openTask(this.runtime, options, (channel, signal) =>
      callShipped(this.#submit, this.runtime, fn, args, { ...options, signal }, { channel, driver, driverData: options.driverData }),
    );
  }

  readonly #submit: Submit = (payload, signal, transferList, channel) => {
    if (this.#running === undefined) this.initialize();
    return (this.#running as Running).run(payload, signal, transferList, channel);
  };
}


/**
 * The shared pool of worker threads behind `inThread`: at most
 * `Math.min(32, CPU_CORES + 4)` workers unless initialized otherwise, so
 * blocking calls overlap beyond the cores; `mapInThreads` still splits its
 * work over {@link CPU_CORES} of them.
 */
export const THREAD_POOL = new ExecutorPool('worker_threads');
/** The shared pool of child processes behind `inProcess`, at most {@link CPU_CORES} workers. */
export const PROCESS_POOL = new ExecutorPool('child_process');

