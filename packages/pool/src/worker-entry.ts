// The code that runs inside every worker (thread or child process). Tinypool
// loads this file and calls its default export once a task.
import { AsyncLocalStorage } from 'node:async_hooks';
import { inspect } from 'node:util';
import { isMainThread, threadId } from 'node:worker_threads';
import type { TaskEnvelope, TaskPayload } from './protocol';
import { describeUncloneable, encodeError, isSendable } from './wire';

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
    // Tinypool would fail to send it and never settle the task.
    if (!isSendable(value, runtime)) {
      throw new TypeError(
        describeUncloneable(value, 'the result', runtime) ?? 'the result cannot be copied back from the worker (structured clone)',
      );
    }
    return { kind: 'value', value, worker: workerId, retire: retired };
  } catch (error) {
    return { kind: 'error', error: encodeError(explain(error)), worker: workerId, retire: retired };
  } finally {
    task.settled = true;
  }
}

async function invoke({ source, args }: TaskPayload): Promise<unknown> {
  let fn = compiled.get(source);
  if (fn === undefined) {
    fn = new Function(`return ${source};`)() as (...args: unknown[]) => unknown;
    if (compiled.size >= COMPILED_CACHE) compiled.clear();
    compiled.set(source, fn);
  }
  return await fn(...args);
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
