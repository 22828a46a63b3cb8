// The floor of the pool round-trip bench: a bare worker_threads worker that
// answers each [id, x] message with [id, x + 1]. No queue, no error handling.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (message) => {
  parentPort.postMessage([message[0], message[1] + 1]);
});
