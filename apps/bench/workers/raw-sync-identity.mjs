// The floor of the run-decorator bench: the textbook synchronous bridge. The
// caller posts [id, x] on the port and sleeps in Atomics.wait; this worker
// awaits fn, posts [id, value], then stores id in the shared word and wakes
// the caller. No spinning, no timeout, no error handling.
import { workerData } from 'node:worker_threads';

const { port, state } = workerData;
const fn = async (x) => x;

port.on('message', async ([id, x]) => {
  const value = await fn(x);
  port.postMessage([id, value]);
  Atomics.store(state, 0, id);
  Atomics.notify(state, 0);
});
