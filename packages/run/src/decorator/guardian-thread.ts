import { type TransferListItem, Worker } from 'node:worker_threads';
import { entryFile } from './entry-files';
import type { GuardianData, GuardianRequest } from './protocol';

// One guardian a calling thread, started with the first decorated call.
let guardian: Worker | undefined;

/** Posts `request` to this thread's guardian, starting it if needed. */
export function toGuardian(request: GuardianRequest, transfer: readonly TransferListItem[] = []): void {
  if (guardian === undefined) {
    const data: GuardianData = { workerFile: entryFile('decorator-worker') };
    const started = new Worker(entryFile('guardian'), { workerData: data });
    // Decorator workers never keep the process alive: the guardian holds them, and nothing holds the guardian.
    started.unref();
    started.on('exit', () => {
      if (guardian === started) guardian = undefined;
    });
    guardian = started;
  }
  guardian.postMessage(request, [...transfer]);
}
