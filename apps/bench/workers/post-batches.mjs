// The floor of the generate scenario: a bare worker that, asked for n values,
// posts them as arrays of 1,024 numbers, then null.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (n) => {
  let batch = [];
  for (let i = 0; i < n; i++) {
    batch.push(i);
    if (batch.length === 1024) {
      parentPort.postMessage(batch);
      batch = [];
    }
  }
  if (batch.length > 0) parentPort.postMessage(batch);
  parentPort.postMessage(null);
});
