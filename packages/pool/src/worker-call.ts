// Worker side: runs one call (compiled source or a module's export) and
// turns its outcome into the envelope the host reads.
import { AsyncLocalStorage } from 'node:async_hooks';
import { inspect } from 'node:util';
import { isMainThread, threadId } from 'node:worker_threads';
import { DataCloneError } from './errors';
import type { TaskEnvelope, TaskPayload } from './protocol';
import type { TaskPort } from './task-port';
import { moveResult } from './transfer-result';
import { describeUncloneable, encodeError } from './wire';
import { loadExport } from './worker-module';
import { explainFailure, loadTarget } from './worker-target';

/** What tinypool calls this worker in its `threads` list. */
const workerId = isMainThread ? process.pid : threadId;
export const runtime = isMainThread ? 'child_process' : 'worker_threads';

interface RunningTask {
  settled: boolean;
  fail(error: unknown): void;
}

const tasks = new AsyncLocalStorage<RunningTask>();
// Set when code of a finished task threw: the worker's state is suspect, so
// it runs nothing more and the host replaces it.
let retired = false;
const retireListeners = new Set<() => void>();

process.on('uncaughtException', (error) => {
  const task = tasks.getStore();
  // An error thrown from a callback the running task scheduled is that task's.
  if (task !== undefined && !task.settled) return task.fail(error);
  retired = true;
  process.stderr.write(
    `@aiox/pool: a function run in a worker threw after its task had settled; the worker will be replaced.\n${inspect(error)}\n`,
  );
  for (const listener of retireListeners) listener();
});

/** Calls `listener` when this worker retires; returns the way to stop listening. */
export function onRetire(listener: () => void): () => void {
  retireListeners.add(listener);
  return () => retireListeners.delete(listener);
}

/** A call's answer, and the buffers to move back with it (threads, `transferResult`). */
export interface CallOutcome {
  readonly envelope: TaskEnvelope;
  readonly transfer?: ArrayBuffer[];
}

/** Runs one call; `port` is its end of the conversation with the caller, for a task opened with a channel. */
export async function runCall(payload: TaskPayload, port?: TaskPort): Promise<CallOutcome> {
  if (retired) return { envelope: { kind: 'refused', worker: workerId, retire: true } };
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const task: RunningTask = { settled: false, fail: (error) => fail(error) };
  try {
    const value = await tasks.run(task, () => Promise.race([invoke(payload, port), failed]));
    // Child processes copy every byte: there is nothing to move.
    const moved = payload.transferResult === true && runtime === 'worker_threads' ? moveResult(value) : undefined;
    if (moved === undefined) return { envelope: { kind: 'value', value, worker: workerId, retire: retired } };
    return { envelope: { kind: 'value', value: moved.value, worker: workerId, retire: retired }, transfer: moved.buffers };
  } catch (error) {
    return { envelope: errorEnvelope(error, payload) };
  } finally {
    task.settled = true;
  }
}

/** The envelope of a call whose result the runtime's serializer refused: names the part that cannot cross. */
export function unsendableResult(value: unknown, payload: TaskPayload): TaskEnvelope {
  const problem = describeUncloneable(value, 'the result', runtime) ?? 'the result cannot be copied back from the worker (structured clone)';
  return errorEnvelope(new DataCloneError(problem), payload);
}

/** The envelope of a failed call. */
export function errorEnvelope(error: unknown, payload: TaskPayload): TaskEnvelope {
  return { kind: 'error', error: encodeError(explainFailure(error, payload)), worker: workerId, retire: retired };
}

async function invoke(payload: TaskPayload, port: TaskPort | undefined): Promise<unknown> {
  const fn = await loadTarget(payload);
  const { driver } = payload;
  if (driver !== undefined) {
    const drive = await loadExport(driver.module, driver.exportName);
    return await drive(fn, payload.args, port, driver.data);
  }
  return port === undefined ? await fn(...payload.args) : await fn(...payload.args, port);
}
