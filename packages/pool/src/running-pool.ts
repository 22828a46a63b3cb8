import type Tinypool from 'tinypool';
import type { TinypoolWorker } from 'tinypool';
import type { TaskEnvelope, TaskPayload } from './protocol';
import type { RuntimeAdapter } from './runtime/adapter';
import type { Movable } from './transfer';
import { deathError, explainWorkerFailure, RetiredWorker } from './worker-death';

// tinypool's destroy() waits for an `exit` that a thread which already exited
// never emits again: past this grace the workers are terminated directly.
const SHUTDOWN_GRACE_MS = 3_000;

// A task that does nothing; submitting it makes tinypool add a worker for its queue.
const KICK: TaskPayload = { source: '(() => {})', args: [] };

/** The state of one started tinypool, and what the pool knows about its workers. */
export class Running {
  readonly inflight = new Set<Promise<unknown>>();
  #destroyed = false;
  readonly #watched = new WeakSet<TinypoolWorker>();

  constructor(
    readonly tinypool: Tinypool,
    readonly adapter: RuntimeAdapter,
  ) {
    // A worker that dies while idle is reported on the pool; it is replaced
    // on demand, so there is nothing to do (and an unheard `error` event
    // would crash the host).
    tinypool.on('error', () => {});
  }

  async run(payload: TaskPayload, signal: AbortSignal | undefined, transferList?: readonly Movable[]): Promise<TaskEnvelope> {
    const pending = this.tinypool.run(payload, {
      ...(signal === undefined ? {} : { signal }),
      // Tinypool's type wants a mutable array; it only reads it.
      ...(transferList === undefined ? {} : { transferList: transferList as Movable[] }),
    }) as Promise<TaskEnvelope>;
    // Workers are created synchronously inside run().
    this.#watchNewWorkers();
    this.inflight.add(pending);
    try {
      const envelope = await pending;
      if (envelope.retire) {
        this.#retire(envelope.worker);
        this.#replenish();
      }
      return envelope;
    } catch (error) {
      if (this.#destroyed) throw error;
      // The worker may have died, been aborted or retired.
      this.#replenish();
      // Outside destroy(), tinypool 2.2 fails a task with this only when it
      // handed the task to a worker it had already removed (a late response
      // from that worker makes it offer it the queue): the task never ran there.
      if (error instanceof Error && error.message === 'Terminating worker thread') throw new RetiredWorker();
      throw explainWorkerFailure(error);
    } finally {
      this.inflight.delete(pending);
    }
  }

  #watchNewWorkers(): void {
    for (const worker of this.tinypool.threads) {
      if (this.#watched.has(worker)) continue;
      this.#watched.add(worker);
      this.adapter.watchExit(worker, (death) => {
        // Still listed means tinypool did not end it: an unexpected death.
        // Tinypool removes a worker that emits `error` and fails its task with it.
        if (this.tinypool.threads.includes(worker)) worker.emit('error', deathError(death));
      });
    }
  }

  /**
   * Tinypool 2.2 replaces a removed worker only up to `minThreads` (0 here),
   * so tasks queued behind a task whose worker died (or was aborted or
   * retired) would wait for the next submission: submit a no-op for each
   * worker the queue lacks, which makes tinypool add one.
   */
  #replenish(): void {
    const { tinypool } = this;
    const missing = Math.min(tinypool.queueSize, tinypool.options.maxThreads - tinypool.threads.length);
    for (let kick = 0; kick < missing; kick++) void this.run(KICK, undefined).catch(() => {});
  }

  #retire(workerId: number): void {
    const worker = this.tinypool.threads.find((candidate) => candidate.threadId === workerId);
    worker?.emit('error', new RetiredWorker());
  }

  async destroy(): Promise<void> {
    this.#destroyed = true;
    const workers = this.tinypool.threads;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => {
      timer = setTimeout(resolve, SHUTDOWN_GRACE_MS, 'late');
    });
    const destroyed = this.tinypool.destroy().then(
      () => 'done' as const,
      () => 'done' as const,
    );
    const outcome = await Promise.race([destroyed, grace]);
    clearTimeout(timer);
    if (outcome === 'late') await Promise.allSettled(workers.map((worker) => worker.terminate()));
  }
}
