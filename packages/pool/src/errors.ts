// The errors the pool itself rejects with, each with a stable `code`.
//
// The pool's entries are bundled apart (`@aiox/pool`, `@aiox/pool/wire` that
// `@aiox/run` and `@aiox/generate` use, the worker entry), each with its own
// copy of these classes, and an error made in a worker crosses as its
// built-in class. So `instanceof` goes by the stable `code` (and the built-in
// the class extends), not by which copy of the class made the error.

function hasCode(value: unknown, base: abstract new (...args: never[]) => Error, code: string): boolean {
  return value instanceof base && (value as { code?: unknown }).code === code;
}

/**
 * A value that cannot be copied to or from a worker (a function, a symbol, a
 * Promise, a Blob for a child process…), in the arguments, the result, or a
 * message of an opened task or a generator: the message names where it sits
 * (`args[1].callback is a function (callback), which cannot be copied to
 * another thread…`). The same error on every path: `inThread`, `inProcess`,
 * `mapIn*`, `generateIn*`, `runDecorator`. A `TypeError`.
 *
 * @example
 * ```ts
 * import { DataCloneError, inThread } from '@aiox/pool';
 * await inThread((options: { retry: () => void }) => 1, { retry: () => {} }).catch((error) => {
 *   console.log(error instanceof DataCloneError, error instanceof TypeError, error.code); // true true ERR_AIOX_DATA_CLONE
 * });
 * ```
 */
export class DataCloneError extends TypeError {
  /** `"DataCloneError"`, as the `DOMException` of `postMessage`. */
  override readonly name = 'DataCloneError';
  /** `"ERR_AIOX_DATA_CLONE"`, stable across versions. */
  readonly code = 'ERR_AIOX_DATA_CLONE';

  /** Matches by `code` and the built-in class, so an error made by another copy of this class (another entry, a worker) matches too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasCode(value, TypeError, 'ERR_AIOX_DATA_CLONE');
  }
}

/**
 * The worker running the task died under it: it exited, was killed by a
 * signal, or ran out of memory. Only that task fails; the worker is
 * replaced. `exitCode` and `signal` say how it ended (`null` when unknown).
 *
 * @example
 * ```ts
 * import { inProcess, WorkerDiedError } from '@aiox/pool';
 * await inProcess(() => process.exit(3)).catch((error) => {
 *   console.log(error instanceof WorkerDiedError, error.exitCode); // true 3
 * });
 * ```
 */
export class WorkerDiedError extends Error {
  /** `"WorkerDiedError"`. */
  override readonly name = 'WorkerDiedError';
  /** `"ERR_AIOX_WORKER_DIED"`, stable across versions. */
  readonly code = 'ERR_AIOX_WORKER_DIED';
  /** The worker's exit code, `null` when it was killed by a signal or the code is unknown. */
  readonly exitCode: number | null;
  /** The signal that killed it (`'SIGKILL'`), or `null`. */
  readonly signal: NodeJS.Signals | null;

  constructor(message: string, death: { readonly exitCode: number | null; readonly signal: NodeJS.Signals | null }, options?: ErrorOptions) {
    super(message, options);
    this.exitCode = death.exitCode;
    this.signal = death.signal;
  }

  /** Matches by `code` and the built-in class, so an error made by another copy of this class (another entry, a worker) matches too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasCode(value, Error, 'ERR_AIOX_WORKER_DIED');
  }
}

/**
 * No worker of the pool could start (a Node flag it refuses, a `--require`
 * preload that throws in workers…), so the call never ran. `cause` is the
 * start's own error. A later call tries again.
 *
 * @example
 * ```ts
 * import { inThread, WorkerStartError } from '@aiox/pool';
 * // node --require ./throws-in-workers.cjs app.js
 * await inThread(() => 1).catch((error) => console.log(error instanceof WorkerStartError, error.cause));
 * ```
 */
export class WorkerStartError extends Error {
  /** `"WorkerStartError"`. */
  override readonly name = 'WorkerStartError';
  /** `"ERR_AIOX_WORKER_START_FAILED"`, stable across versions. */
  readonly code = 'ERR_AIOX_WORKER_START_FAILED';

  constructor(cause: unknown) {
    super(`a pool worker failed as it started, so the call never ran: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }

  /** Matches by `code` and the built-in class, so an error made by another copy of this class (another entry, a worker) matches too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasCode(value, Error, 'ERR_AIOX_WORKER_START_FAILED');
  }
}

/**
 * The pool was shut down with `shutdown({ wait: false })` before the call
 * finished (or the call came while it was being destroyed).
 *
 * @example
 * ```ts
 * import { ExecutorPool, PoolShutDownError } from '@aiox/pool';
 * const pool = new ExecutorPool('worker_threads');
 * const call = pool.call(() => new Promise(() => {}), []);
 * await pool.shutdown({ wait: false });
 * await call.catch((error) => console.log(error instanceof PoolShutDownError)); // true
 * ```
 */
export class PoolShutDownError extends Error {
  /** `"PoolShutDownError"`. */
  override readonly name = 'PoolShutDownError';
  /** `"ERR_AIOX_POOL_SHUT_DOWN"`, stable across versions. */
  readonly code = 'ERR_AIOX_POOL_SHUT_DOWN';

  constructor() {
    super('the pool was shut down (shutdown({ wait: false })) before the task finished');
  }

  /** Matches by `code` and the built-in class, so an error made by another copy of this class (another entry, a worker) matches too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasCode(value, Error, 'ERR_AIOX_POOL_SHUT_DOWN');
  }
}

/**
 * The pool refuses to start on this host, which cannot carry its calls:
 * process pools in Bun and Deno, thread pools in Deno. The message says
 * what runs there instead.
 *
 * @example
 * ```ts
 * import { inProcess, inThread, UnsupportedHostError } from '@aiox/pool';
 * // in Bun:
 * const run = await inProcess(() => 1).catch((error) => (error instanceof UnsupportedHostError ? inThread(() => 1) : Promise.reject(error)));
 * ```
 */
export class UnsupportedHostError extends Error {
  /** `"UnsupportedHostError"`. */
  override readonly name = 'UnsupportedHostError';
  /** `"ERR_AIOX_UNSUPPORTED_HOST"`, stable across versions. */
  readonly code = 'ERR_AIOX_UNSUPPORTED_HOST';

  /** Matches by `code` and the built-in class, so an error made by another copy of this class (another entry, a worker) matches too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasCode(value, Error, 'ERR_AIOX_UNSUPPORTED_HOST');
  }
}

/**
 * Why a task unreferenced and left alone was aborted.
 *
 * @example
 * ```ts
 * import { IdleExit, THREAD_POOL, type TaskPort } from '@aiox/pool';
 * const task = THREAD_POOL.open((port: TaskPort) => new Promise(() => port.onMessage(() => {})), []).unref();
 * task.result.catch((error) => console.log(error instanceof IdleExit)); // true, when nothing else is left
 * ```
 */
export class IdleExit extends Error {
  /** `"IdleExit"`. */
  override readonly name = 'IdleExit';
  /** `"ERR_AIOX_IDLE_EXIT"`, stable across versions. */
  readonly code = 'ERR_AIOX_IDLE_EXIT';

  constructor() {
    super('the task was unreferenced (unref()) and nothing else kept the process alive, so it was ended');
  }

  /** Matches by `code` and the built-in class, so an error made by another copy of this class (another entry, a worker) matches too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasCode(value, Error, 'ERR_AIOX_IDLE_EXIT');
  }
}
