import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { TinypoolWorker } from 'tinypool';
import type { ProcessSessionMessage, SessionReply, SessionRequest } from '../protocol';
import { ownHandles } from '../idle-exit';
import { assertKeptByIpc } from '../wire';
import { childExecArgv } from './child-exec-argv';
import { foreignHost } from './host';
import type { AdapterSettings, HostChannel, RuntimeAdapter, WorkerDeath } from './adapter';

/** What tinypool 2.2's ProcessWorker holds (not in its public types). */
interface ProcessWorkerInternals {
  process?: ChildProcess;
  onUnexpectedExit?: (...args: unknown[]) => void;
}

const OOM_MARK = 'heap out of memory';

const STDERR_TAIL = 4096;

/** Child processes: full isolation, values cross by the `advanced` (structured clone) IPC. */
export const processAdapter: RuntimeAdapter = {
  runtime: 'child_process',
  maxWorkersLimit: availableParallelism(),
  defaultMaxWorkers: availableParallelism(),
  unsupportedHost() {
    // Both fail on the structured-clone IPC that carries a session's calls:
    // Bun rejects each call with a transferList error, Deno 2 crashes the host
    // with an uncaught "Missing promise" from its IPC.
    const host = foreignHost();
    if (host === undefined) return undefined;
    const instead = host.startsWith('Bun')
      ? `Use a worker_threads pool (inThread, generateInThread, mapInThreads) instead, which runs in ${host}.`
      : `In ${host}, runDecorator runs work on a worker thread.`;
    return `child_process pools need Node.js: ${host}'s child-process IPC cannot carry their calls. ${instead}`;
  },
  tinypoolOptions(settings: AdapterSettings) {
    return {
      runtime: 'child_process',
      // JSON IPC (tinypool's default) turns a Map or an ArrayBuffer into {}
      // and throws on a BigInt.
      serialization: 'advanced',
      // Without `env` tinypool gives the child only TINYPOOL_WORKER_ID.
      env: Object.fromEntries(
        Object.entries(process.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      ),
      execArgv: childExecArgv(
        process.execArgv,
        settings.maxOldGenerationSizeMb === undefined ? [] : [`--max-old-space-size=${settings.maxOldGenerationSizeMb}`],
      ),
    };
  },
  watchExit(worker: TinypoolWorker, onExit: (death: WorkerDeath) => void) {
    const internals = worker as unknown as ProcessWorkerInternals;
    const child = internals.process;
    if (child === undefined) return;
    ownHandles(child.stdin, child.stdout, child.stderr);
    // Tinypool's own listener would fail the task first, with a message that
    // does not say how the process died: take its place.
    if (internals.onUnexpectedExit) child.off('exit', internals.onUnexpectedExit);
    // V8 reports a heap exhaustion on stderr just before it aborts.
    let tail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    child.once('exit', (code, signal) => {
      const report = (): void => onExit({ code, signal, outOfMemory: tail.includes(OOM_MARK) });
      // `exit` can come before the last of stderr has been read.
      const stderr = child.stderr;
      if (stderr === null || stderr.readableEnded || stderr.destroyed) return report();
      const timer = setTimeout(finish, 1000);
      function finish(): void {
        clearTimeout(timer);
        stderr?.off('close', finish);
        report();
      }
      stderr.once('close', finish);
    });
  },
  openChannel(id: number, onReply: (reply: SessionReply) => void): HostChannel {
    // Tinypool's side channel of a child process: it hands over its sender
    // when it gives the session's task to a child, and passes on every IPC
    // message of the child that is not its own.
    let send: ((message: ProcessSessionMessage<SessionRequest>) => void) | undefined;
    let onSend: (() => void) | undefined;
    let closed = false;
    return {
      payload: { session: id },
      runOptions: {
        channel: {
          onMessage: (sender) => {
            send = sender;
            onSend?.();
          },
          postMessage: (message: unknown) => {
            if (closed || typeof message !== 'object' || message === null) return;
            const { aioxSession, body } = message as Partial<ProcessSessionMessage<SessionReply>>;
            if (aioxSession === id && body !== undefined) onReply(body);
          },
        },
      },
      whenReady: (ready) => {
        if (send !== undefined) ready();
        else onSend = ready;
      },
      post: (request) => {
        if (send === undefined) throw new Error('@aiox/pool: the session is not ready');
        // The IPC would deliver a Blob in the arguments as {}, without a word;
        // the caller hears which argument instead (see argumentsSendError).
        if ('task' in request) assertKeptByIpc(request.task.args);
        send({ aioxSession: id, body: request });
      },
      close: () => {
        closed = true;
      },
    };
  },
};
