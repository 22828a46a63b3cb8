import { WorkerDiedError } from './errors';
import type { WorkerDeath } from './runtime/adapter';

/** Why a task failed when its worker died under it: says how it died. */
export function deathError(death: WorkerDeath): Error {
  const how = death.outOfMemory
    ? `worker ran out of memory${death.signal ? ` (killed by ${death.signal})` : death.code === null ? '' : ` (exit code ${death.code})`}`
    : death.signal
      ? `worker was killed by signal ${death.signal}`
      : `worker exited with code ${death.code ?? 'unknown'}`;
  return new WorkerDiedError(`${how} while running the task`, { exitCode: death.code, signal: death.signal });
}

/** The thread runtime reports a heap exhaustion as an error event of its own. */
export function explainWorkerFailure(error: unknown): unknown {
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new WorkerDiedError(`worker ran out of memory while running the task: ${error.message}`, { exitCode: null, signal: null }, { cause: error });
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
