// Worker entry: the thread that spawns every decorator worker of one
// calling thread and watches them. The caller sleeps in Atomics.wait during
// a call and cannot see a worker's `exit` event; this thread can, and wakes
// it (see protocol.ts).
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { encodeError } from '@aiox/pool/wire';
import { DEAD, type DeathNotice, type GuardianData, type GuardianRequest, STATE_READY, STATE_REPLY } from './protocol';

const { workerFile } = workerData as GuardianData;
const workers = new Map<number, Worker>();

parentPort?.on('message', (request: GuardianRequest) => {
  if (request.kind === 'end') {
    void workers.get(request.id)?.terminate();
    return;
  }
  const { id, port, notices, state, maxOldGenerationSizeMb } = request;
  const worker = new Worker(workerFile, {
    workerData: { ...request.worker, port },
    transferList: [port],
    ...(maxOldGenerationSizeMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb } }),
  });
  workers.set(id, worker);
  let failure: unknown;
  worker.on('error', (error) => {
    failure = error;
  });
  worker.on('exit', (exitCode) => {
    workers.delete(id);
    const notice: DeathNotice = failure === undefined ? { exitCode } : { exitCode, error: encodeError(failure) };
    notices.postMessage(notice);
    notices.close();
    // Both words: a caller may be waiting for the start or for a reply.
    for (const word of [STATE_READY, STATE_REPLY]) {
      Atomics.store(state, word, DEAD);
      Atomics.notify(state, word);
    }
  });
});
