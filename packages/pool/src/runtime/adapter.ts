import type Tinypool from 'tinypool';
import type { Options, TinypoolWorker } from 'tinypool';
import type { SessionPayload, SessionReply, SessionRequest } from '../protocol';
import type { Movable } from '../transfer';

type RunOptions = NonNullable<Parameters<Tinypool['run']>[1]>;

/** The two runtimes a pool can run on. */
export type Runtime = 'worker_threads' | 'child_process';

/** How a worker ended, as reported by its `exit` event. */
export interface WorkerDeath {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The runtime saw the worker run out of memory. */
  readonly outOfMemory: boolean;
}

/** Settings that each runtime applies in its own way. */
export interface AdapterSettings {
  /** Cap on the old-generation heap of each worker, in MB. */
  readonly maxOldGenerationSizeMb?: number;
}

/**
 * Everything that differs between worker threads and child processes, so the
 * pool itself is written once.
 */
export interface RuntimeAdapter {
  readonly runtime: Runtime;
  /** The highest `maxWorkers` this runtime accepts. */
  readonly maxWorkersLimit: number;
  /** `maxWorkers` when `initialize` is not given one. */
  readonly defaultMaxWorkers: number;
  /**
   * Why this host cannot run this runtime, or undefined when it can: a pool
   * refuses to start rather than fail later in ways a caller cannot act on.
   */
  unsupportedHost(): string | undefined;
  /** The tinypool options that belong to this runtime. */
  tinypoolOptions(settings: AdapterSettings): Options;
  /**
   * Calls `onExit` once, when the worker ends for whatever reason. Tinypool
   * must not be left to notice the death on its own: its thread runtime never
   * does (a task whose worker called `process.exit` stays pending forever) and
   * its process runtime reports only "Worker exited unexpectedly".
   */
  watchExit(worker: TinypoolWorker, onExit: (death: WorkerDeath) => void): void;
  /**
   * Opens the private channel of a session: `payload` and `runOptions` make
   * the tinypool task that opens it, `onReply` hears the worker's replies.
   */
  openChannel(id: number, onReply: (reply: SessionReply) => void): HostChannel;
}

/** The host's end of a session's private channel to one worker. */
export interface HostChannel {
  readonly payload: SessionPayload;
  /**
   * Threads: shared with the worker, it lets the host send calls ahead and
   * still take back those not started. Without one, a lane holds one call
   * at a time.
   */
  readonly board?: Int32Array;
  readonly runOptions: Pick<RunOptions, 'transferList' | 'channel'>;
  /**
   * Calls `ready` once requests can be posted (at once for a thread; when
   * tinypool hands the session to a child process, for a process).
   */
  whenReady(ready: () => void): void;
  /** Throws (synchronously) when `request` cannot be serialized. */
  post(request: SessionRequest, transfer?: readonly Movable[]): void;
  close(): void;
}
