import type Tinypool from 'tinypool';
import type { TinypoolWorker } from 'tinypool';
import { Lane, type LaneCall, type LaneEvents } from './lane';
import type { SessionReply, TaskEnvelope, TaskPayload } from './protocol';
import type { RuntimeAdapter } from './runtime/adapter';
import { sendFailure } from './send-failure';
import { SharedAbort } from './shared-abort';
import type { Movable } from './transfer';
import { deathError, explainWorkerFailure, RetiredWorker } from './worker-death';

// tinypool's destroy() waits for an `exit` that a thread which already exited
// never emits again: past this grace the workers are terminated directly.
const SHUTDOWN_GRACE_MS = 3_000;

/** Why calls still queued or running fail when the pool is shut down without waiting. */
export class PoolShutDown extends Error {
  readonly code = 'ERR_AIOX_POOL_SHUT_DOWN';
  constructor() {
    super('the pool was shut down (shutdown({ wait: false })) before the task finished');
  }
}

/**
 * One started tinypool and the calls on it. Calls wait in a FIFO queue of
 * the pool's own and run on lanes, one call at a time each: a lane leases a
 * worker from tinypool for as long as calls keep coming, so a call costs one
 * message each way. Lanes open one by one as calls need them, up to
 * `maxThreads`, and end as soon as a turn of the event loop passes with
 * nothing for them to do, so idle workers are tinypool's again (unref'd,
 * reaped after its idle timeout) and never keep the process alive.
 */
export class Running implements LaneEvents {
  readonly #queue = new Set<LaneCall>();
  readonly #lanes = new Set<Lane>();
  readonly #idle: Lane[] = [];
  readonly #watched = new WeakSet<TinypoolWorker>();
  readonly #aborts = new SharedAbort<LaneCall>((call, reason) => this.#abort(call, reason));
  readonly #max: number;
  #running = 0;
  #nextId = 0;
  #sweep: NodeJS.Immediate | undefined;
  #destroyed = false;
  #whenSettled: (() => void)[] = [];

  constructor(
    readonly tinypool: Tinypool,
    readonly adapter: RuntimeAdapter,
  ) {
    this.#max = tinypool.options.maxThreads;
    // A worker that dies while idle is reported on the pool; it is replaced
    // on demand, so there is nothing to do (and an unheard `error` event
    // would crash the host).
    tinypool.on('error', () => {});
  }

  /** Calls waiting for a worker. */
  get queued(): number {
    return this.#queue.size;
  }

  /** Calls running on a worker. */
  get running(): number {
    return this.#running;
  }

  run(payload: TaskPayload, signal: AbortSignal | undefined, transferList?: readonly Movable[]): Promise<TaskEnvelope> {
    if (this.#destroyed) return Promise.reject(new PoolShutDown());
    return new Promise<TaskEnvelope>((resolve, reject) => {
      const call: LaneCall = { id: this.#nextId++, payload, transferList, signal, resolve, reject, lane: undefined };
      if (signal !== undefined) this.#aborts.add(signal, call);
      const lane = this.#idle.pop() ?? (this.#lanes.size < this.#max ? this.#open() : undefined);
      if (lane === undefined) this.#queue.add(call);
      else this.#start(lane, call);
    });
  }

  /** Resolves once no call is queued or running. */
  settled(): Promise<void> {
    if (this.#queue.size === 0 && this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#whenSettled.push(resolve));
  }

  async destroy(): Promise<void> {
    this.#destroyed = true;
    if (this.#sweep !== undefined) clearImmediate(this.#sweep);
    const queued = [...this.#queue];
    this.#queue.clear();
    for (const call of queued) this.#fail(call, new PoolShutDown(), false);
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

  // LaneEvents

  reply(lane: Lane, reply: SessionReply): void {
    if ('retire' in reply) {
      // Something a finished call left behind threw in the worker.
      if (lane.call === undefined) this.#retire(lane);
      else lane.retiring = true;
      return;
    }
    const call = lane.call;
    if (call === undefined || call.id !== reply.id) return;
    lane.call = undefined;
    call.lane = undefined;
    this.#done(call, true);
    call.resolve(reply.answer);
    if (reply.answer.retire || lane.retiring) {
      this.#retire(lane);
      this.#pump();
    } else {
      this.#free(lane);
    }
  }

  postFailed(lane: Lane, call: LaneCall, error: unknown): void {
    this.#fail(call, sendFailure(call.payload.args, this.adapter.runtime, error), true);
    this.#free(lane);
  }

  ended(lane: Lane, error: unknown): void {
    this.#forget(lane);
    const call = lane.call;
    if (call !== undefined) {
      lane.call = undefined;
      call.lane = undefined;
      this.#fail(call, this.#explain(error), true);
    }
    if (!this.#destroyed) this.#pump();
  }

  // Internals

  #open(): Lane {
    const lane = new Lane(this.tinypool, this.adapter, this.#nextId++, this);
    this.#lanes.add(lane);
    // Tinypool creates workers synchronously inside run().
    this.#watchNewWorkers();
    return lane;
  }

  #start(lane: Lane, call: LaneCall): void {
    this.#running++;
    lane.run(call);
  }

  /** A lane whose call is done: it takes the next queued call, or idles for a turn. */
  #free(lane: Lane): void {
    const next = this.#first();
    if (next !== undefined) return this.#start(lane, next);
    this.#idle.push(lane);
    this.#sweep ??= setImmediate(() => this.#endIdle());
  }

  /** Starts queued calls on free lanes and on new ones, up to the cap. */
  #pump(): void {
    while (this.#queue.size > 0) {
      const lane = this.#idle.pop() ?? (this.#lanes.size < this.#max ? this.#open() : undefined);
      if (lane === undefined) return;
      this.#start(lane, this.#first() as LaneCall);
    }
  }

  #first(): LaneCall | undefined {
    for (const call of this.#queue) {
      this.#queue.delete(call);
      return call;
    }
    return undefined;
  }

  /** Ends the lanes that had nothing to do for a whole turn of the event loop. */
  #endIdle(): void {
    this.#sweep = undefined;
    for (const lane of this.#idle.splice(0)) {
      this.#lanes.delete(lane);
      lane.end();
    }
  }

  #retire(lane: Lane): void {
    this.#forget(lane);
    lane.kill();
  }

  #forget(lane: Lane): void {
    this.#lanes.delete(lane);
    const index = this.#idle.indexOf(lane);
    if (index !== -1) this.#idle.splice(index, 1);
  }

  #abort(call: LaneCall, reason: unknown): void {
    const lane = call.lane;
    if (lane === undefined) {
      if (!this.#queue.delete(call)) return;
      return this.#fail(call, reason, false);
    }
    // A running call is stopped with its worker, which tinypool then replaces.
    lane.call = undefined;
    call.lane = undefined;
    this.#retire(lane);
    this.#fail(call, reason, true);
    this.#pump();
  }

  #fail(call: LaneCall, error: unknown, wasRunning: boolean): void {
    this.#done(call, wasRunning);
    call.reject(error);
  }

  /** Bookkeeping once a call leaves the pool, either way. */
  #done(call: LaneCall, wasRunning: boolean): void {
    if (call.signal !== undefined) this.#aborts.delete(call.signal, call);
    if (wasRunning) this.#running--;
    if (this.#queue.size === 0 && this.#running === 0 && this.#whenSettled.length > 0) {
      for (const resolve of this.#whenSettled.splice(0)) resolve();
    }
  }

  #explain(error: unknown): unknown {
    if (this.#destroyed) return new PoolShutDown();
    // Tinypool 2.2 fails a task with this outside destroy() only when it
    // handed it to a worker it had already removed: the call never ran there.
    if (error instanceof Error && error.message === 'Terminating worker thread') return new RetiredWorker();
    return explainWorkerFailure(error);
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
}
