// Worker side: runs one call (compiled source or a module's export) and
// turns its outcome into the envelope the host reads.
import { AsyncLocalStorage } from 'node:async_hooks';
import { inspect } from 'node:util';
import { isMainThread, threadId } from 'node:worker_threads';
import type { TaskEnvelope, TaskPayload } from './protocol';
import type { TaskPort } from './task-port';
import { moveResult } from './transfer-result';
import { describeUncloneable, encodeError } from './wire';
import { loadExport } from './worker-module';

/** What tinypool calls this worker in its `threads` list. */
const workerId = isMainThread ? process.pid : threadId;
export const runtime = isMainThread ? 'child_process' : 'worker_threads';

interface RunningTask {
  settled: boolean;
  fail(error: unknown): void;
}

const tasks = new AsyncLocalStorage<RunningTask>();
const compiled = new Map<string, (...args: unknown[]) => unknown>();
const COMPILED_CACHE = 1000;
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
  return errorEnvelope(new TypeError(problem), payload);
}

/** The envelope of a failed call. */
export function errorEnvelope(error: unknown, payload: TaskPayload): TaskEnvelope {
  // A module's code sees its own imports: the hint about shipped source does not apply.
  const explained = 'source' in payload ? explain(error) : error;
  return { kind: 'error', error: encodeError(explained), worker: workerId, retire: retired };
}

async function invoke(payload: TaskPayload, port: TaskPort | undefined): Promise<unknown> {
  const fn = 'source' in payload ? compile(payload.source) : await loadExport(payload.module, payload.exportName);
  const { driver } = payload;
  if (driver !== undefined) {
    const drive = await loadExport(driver.module, driver.exportName);
    return await drive(fn, payload.args, port, driver.data);
  }
  return port === undefined ? await fn(...payload.args) : await fn(...payload.args, port);
}

function compile(source: string): (...args: unknown[]) => unknown {
  let fn = compiled.get(source);
  if (fn === undefined) {
    fn = new Function(`return ${source};`)() as (...args: unknown[]) => unknown;
    if (compiled.size >= COMPILED_CACHE) compiled.clear();
    compiled.set(source, fn);
  }
  return fn;
}

/** A name the function could not find: say why, and the way out. */
function explain(error: unknown): unknown {
  if (!(error instanceof ReferenceError)) return error;
  const name = /^(\S+) is not defined$/.exec(error.message)?.[1];
  if (name === undefined || name in globalThis) return error;
  const message =
    `${error.message}: the function refers to \`${name}\`, which does not exist in the worker. ` +
    'Functions sent to a worker are shipped by their source text and cannot see the variables around them. ' +
    `Pass \`${name}\` as an argument, or load it inside the function (\`await import(...)\`).`;
  if (error.stack?.startsWith(`${error.name}: ${error.message}`)) {
    error.stack = `${error.name}: ${message}${error.stack.slice(error.name.length + 2 + error.message.length)}`;
  }
  error.message = message;
  return error;
}
