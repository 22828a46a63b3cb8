import { availableParallelism } from 'node:os';
import { MessageChannel, type TransferListItem } from 'node:worker_threads';
import type { TinypoolWorker } from 'tinypool';
import { newBoard } from '../claim-board';
import type { SessionReply } from '../protocol';
import { threadExecArgv } from './child-exec-argv';
import { foreignHost } from './host';
import type { AdapterSettings, HostChannel, RuntimeAdapter, WorkerDeath } from './adapter';

/** Worker threads: cheap to start, share the process's memory limits unless capped. */
export const threadAdapter: RuntimeAdapter = {
  runtime: 'worker_threads',
  maxWorkersLimit: Number.MAX_SAFE_INTEGER,
  // Python's ThreadPoolExecutor default: threads mostly wait (blocking file,
  // DNS or database calls), so more of them than cores overlap that waiting;
  // created one by one as calls need them, so an idle program pays nothing.
  defaultMaxWorkers: Math.min(32, availableParallelism() + 4),
  unsupportedHost() {
    // Bun runs them (other-hosts.test.ts). Deno 2.9 does not, reliably:
    // under load a tinypool worker loses its first task (measured with
    // tinypool alone, 4 runs in 8 with three busy cores), which leaves the
    // call pending for ever, so the pool refuses to start instead.
    const host = foreignHost();
    if (host === undefined || !host.startsWith('Deno')) return undefined;
    return `worker_threads pools need Node.js or Bun: in ${host}, tinypool's workers can lose their first task under load and the call would never settle. runDecorator works in ${host}.`;
  },
  tinypoolOptions(settings: AdapterSettings) {
    const execArgv = threadExecArgv();
    return {
      runtime: 'worker_threads',
      ...(execArgv === undefined ? {} : { execArgv }),
      ...(settings.maxOldGenerationSizeMb === undefined
        ? {}
        : { resourceLimits: { maxOldGenerationSizeMb: settings.maxOldGenerationSizeMb } }),
    };
  },
  watchExit(worker: TinypoolWorker, onExit: (death: WorkerDeath) => void) {
    // Out of memory arrives as an `error` event (ERR_WORKER_OUT_OF_MEMORY)
    // before `exit`; tinypool fails the task with it itself.
    worker.once('exit', (code: number) => onExit({ code, signal: null, outOfMemory: false }));
  },
  openChannel(_id: number, onReply: (reply: SessionReply) => void): HostChannel {
    // A MessagePort keeps what is posted before the worker listens.
    const { port1, port2 } = new MessageChannel();
    port1.on('message', onReply);
    // While the session's task runs, tinypool's own port to the worker keeps
    // the process alive; this one must not add a second hold (see idle-exit.ts).
    port1.unref();
    const board = newBoard();
    return {
      payload: { session: port2, board },
      board,
      runOptions: { transferList: [port2] },
      whenReady: (ready) => ready(),
      post: (request, transfer) => port1.postMessage(request, transfer as TransferListItem[] | undefined),
      close: () => port1.close(),
    };
  },
};
