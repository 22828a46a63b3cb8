// The code that runs inside every worker (thread or child process). Tinypool
// loads this file and calls its default export once a task.
import { AsyncLocalStorage } from 'node:async_hooks';
import { inspect } from 'node:util';
import { isMainThread, threadId } from 'node:worker_threads';
import type { TaskEnvelope, TaskPayload } from './protocol';
import { describeUncloneable, encodeError, isSendable } from './wire';
import { loadExport } from './worker-module';
import { movable, moveResult } from './transfer-result';

// What tinypool calls the worker in its `threads` list.
const workerId = isMainThread ? process.pid : threadId;
const runtime = isMainThread ? 'child_process' : 'worker_threads';

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

process.on('uncaughtException', (error) => {
  const task = tasks.getStore();
  // An error thrown from a callback the running task scheduled is that task's.
  if (task !== undefined && !task.settled) return task.fail(error);
  retired = true;
  process.stderr.write(
    `@aiox/pool: a function run in a worker threw after its task had settled; the worker will be replaced.\n${inspect(error)}\n`,
  );
});

// A child process left idle when its parent exits ends with it.
if (isMainThread && typeof process.send === 'function') process.once('disconnect', () => process.exit(0));

export default async function runTask(payload: TaskPayload): Promise<TaskEnvelope> {
  if (retired) return { kind: 'refused', worker: workerId, retire: true };
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const task: RunningTask = { settled: false, fail: (error) => fail(error) };
  try {
    const value = await tasks.run(task, () => Promise.race([invoke(payload), failed]));
    // Child processes copy every byte: there is nothing to move.
    const moved = payload.transferResult === true && runtime === 'worker_threads' ? moveResult(value) : undefined;
    // Tinypool would fail to send it and never settle the task.
    if (moved === undefined && !isSendable(value, runtime)) {
      throw new TypeError(
        describeUncloneable(value, 'the result', runtime) ?? 'the result cannot be copied back from the worker (structured clone)',
      );
    }
    if (moved === undefined) return { kind: 'value', value, worker: workerId, retire: retired };
    return movable<TaskEnvelope>({ kind: 'value', value: moved.value, worker: workerId, retire: retired }, moved.buffers);
  } catch (error) {
    // A module's code sees its own imports: the hint about shipped source does not apply.
    const explained = 'source' in payload ? explain(error) : error;
    return { kind: 'error', error: encodeError(explained), worker: workerId, retire: retired };
  } finally {
    task.settled = true;
  }
}

async function invoke(payload: TaskPayload): Promise<unknown> {
  const fn = 'source' in payload ? compile(payload.source) : await loadExport(payload.module, payload.exportName);
  return await fn(...payload.args);
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
