import type { WorkerDeath } from './runtime/adapter';

/** Why a task failed when its worker died under it: says how it died. */
export function deathError(death: WorkerDeath): Error {
  const how = death.outOfMemory
    ? `worker ran out of memory${death.signal ? ` (killed by ${death.signal})` : death.code === null ? '' : ` (exit code ${death.code})`}`
    : death.signal
      ? `worker was killed by signal ${death.signal}`
      : `worker exited with code ${death.code ?? 'unknown'}`;
  return Object.assign(new Error(`${how} while running the task`), {
    code: 'ERR_AIOX_WORKER_DIED',
    exitCode: death.code,
    signal: death.signal,
  });
}

/** The thread runtime reports a heap exhaustion as an error event of its own. */
export function explainWorkerFailure(error: unknown): unknown {
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return Object.assign(new Error(`worker ran out of memory while running the task: ${error.message}`, { cause: error }), {
      code: 'ERR_AIOX_WORKER_DIED',
      exitCode: null,
      signal: null,
    });
  }
  return error;
}

/**
 * Marks a worker the host retires on purpose; tasks tinypool fails with it
 * had not started there, so they are sent again.
 */
export class RetiredWorker extends Error {
  constructor() {
    super('worker retired');
  }
}

/**
 * Why calls fail when no worker can start (a flag Node refuses, a worker
 * entry that throws as it loads): without it they would wait for a worker
 * tinypool never starts again.
 */
export class WorkerStartFailed extends Error {
  readonly code = 'ERR_AIOX_WORKER_START_FAILED';
  constructor(cause: unknown) {
    super(`a pool worker failed as it started, so the call never ran: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}
