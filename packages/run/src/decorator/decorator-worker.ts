// Worker entry: runs one decorated function, one call at a time (its caller
// is blocked until the reply), and wakes the caller after each reply.
import { inspect } from 'node:util';
import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { explainFailure, loadTarget } from '@aiox/pool/ship';
import { encodeError, resultCloneError } from '@aiox/pool/wire';
import { enterChain } from './decorator-chain';
import { writeOutputDirectly } from './direct-output';
import { type DecoratorWorkerData, READY, type Reply, type Request, STATE_READY, STATE_REPLY, STATE_REQUEST } from './protocol';
import { Spinner } from './spin';

// Calls served back to back run as microtasks: give the event loop (the
// function's own timers and I/O) a turn at least this often.
const EVENT_LOOP_TURN_MS = 5;

const { port, state, target, chain, name } = workerData as DecoratorWorkerData & { port: MessagePort };
enterChain(chain);
writeOutputDirectly();

// Calls being answered now. An uncaught error during one fails it (the
// caller says how the worker died); one between calls has nobody to tell,
// so it is reported here, on stderr (written at once, see direct-output.ts)
// before the worker exits.
let answering = 0;
process.on('uncaughtExceptionMonitor', (error) => {
  if (answering === 0) process.stderr.write(lateErrorWarning(error));
});

function lateErrorWarning(error: unknown): string {
  const who =
    'module' in target ? `the function ${target.exportName} of ${target.module}` : name === undefined ? 'an anonymous function' : `the function ${name}`;
  return (
    `@aiox/run: ${who}, decorated with runDecorator, threw after its call had returned; ` +
    `its worker exited, and the next call starts a fresh one (what the function kept in the worker is lost).\n${inspect(error)}\n`
  );
}

type Fn = (...args: unknown[]) => unknown;

let fn: Fn | undefined;
let lastAnswered = 0;
let serving = false;
const spinner = new Spinner();
// Loading fn is part of the start-up, which the call's timeout leaves out:
// the worker says it is ready once the load has settled.
let firstLoad: Promise<Fn> | undefined = loadTarget(target);
firstLoad.then(listen, listen);

function listen(): void {
  // Idle, the worker sleeps in its event loop; the port's message wakes it.
  // Calls posted during the start-up wait in the port until this listener starts it.
  port.on('message', (request: Request) => {
    void answerThenServe(request);
  });
  Atomics.store(state, STATE_READY, READY);
  Atomics.notify(state, STATE_READY);
}

async function answerThenServe(request: Request): Promise<void> {
  await answer(request);
  if (serving) return;
  serving = true;
  try {
    await serveWhileBusy();
  } finally {
    serving = false;
  }
}

/** Answers the calls that come within a moment of the last answer without a trip through the event loop. */
async function serveWhileBusy(): Promise<void> {
  let turn = performance.now();
  for (;;) {
    if (spinner.while(state, STATE_REQUEST, lastAnswered) === lastAnswered) return;
    const received = receiveMessageOnPort(port);
    if (received === undefined) return;
    await answer(received.message as Request);
    if (performance.now() - turn > EVENT_LOOP_TURN_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      turn = performance.now();
    }
  }
}

function takeLoad(): Promise<Fn> {
  const load = firstLoad ?? loadTarget(target);
  firstLoad = undefined;
  return load;
}

async function answer([id, args]: Request): Promise<void> {
  lastAnswered = id;
  let reply: Reply;
  answering++;
  try {
    // Kept only once loaded: a load that failed fails each call with its error (the first call with the start's).
    const run = fn ?? (fn = await takeLoad());
    reply = [id, true, await run(...args)];
  } catch (error) {
    reply = [id, false, encodeError(explainFailure(error, target))];
  } finally {
    answering--;
  }
  try {
    port.postMessage(reply);
  } catch (cause) {
    port.postMessage([id, false, encodeError(resultCloneError(reply[2], 'worker_threads', cause))] satisfies Reply);
  }
  // After the post: the caller that sees this id finds the reply (see protocol.ts).
  Atomics.store(state, STATE_REPLY, id);
  Atomics.notify(state, STATE_REPLY);
}
