import type { TinypoolWorker } from 'tinypool';
import type { AdapterSettings, RuntimeAdapter, WorkerDeath } from './adapter';

/** Worker threads: cheap to start, share the process's memory limits unless capped. */
export const threadAdapter: RuntimeAdapter = {
  runtime: 'worker_threads',
  maxWorkersLimit: Number.MAX_SAFE_INTEGER,
  tinypoolOptions(settings: AdapterSettings) {
    return {
      runtime: 'worker_threads',
      ...(settings.maxOldGenerationSizeMb === undefined
        ? {}
        : { resourceLimits: { maxOldGenerationSizeMb: settings.maxOldGenerationSizeMb } }),
    };
  },
  watchExit(worker: TinypoolWorker, onExit: (death: WorkerDeath) => void) {
    // Out of memory arrives as an `error` event (ERR_WORKER_OUT_OF_MEMORY)
    // before `exit`; tinypool fails the task with it itself.
    worker.once('exit', (code: number) => onExit({ code, signal: null, outOfMemory: false }));
  },
};
