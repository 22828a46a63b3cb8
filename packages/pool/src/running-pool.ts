import type Tinypool from 'tinypool';
import type { TinypoolWorker } from 'tinypool';
import type { CallChannel } from './call-channel';
import { Lane, type LaneCall, type LaneEvents } from './lane';
import type { SessionReply, TaskEnvelope, TaskPayload } from './protocol';
import type { RuntimeAdapter } from './runtime/adapter';
import { argumentsSendError } from './send-failure';
import { SharedAbort } from './shared-abort';
import type { Movable } from './transfer';
import { PoolShutDownError, WorkerStartError } from './errors';
import { deathError, explainWorkerFailure, RetiredWorker } from './worker-death';

// tinypool's destroy() waits for an `exit` that a thread which already exited
// never emits again: past this grace the workers are terminated directly.
const SHUTDOWN_GRACE_MS = 3_000;

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
  /** The lanes that take calls. */
  readonly #lanes = new Set<Lane>();
  /**
   * Every lane whose session task has not settled, ending or killed ones too.
   * Never more than `maxThreads`: tinypool 2.2 replaces a removed worker only
   * up to `minThreads` (0 here), so a session it had to queue behind a worker
   * that then died would never start.
   */
  readonly #leased = new Set<Lane>();
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
    // A worker that fails with no session on it is reported on the pool (an
    // unheard `error` event would crash the host).
    tinypool.on('error', (error: unknown) => this.#workerFailed(error));
  }

  /** Calls waiting for a worker. */
  get queued(): number {
    return this.#queue.size;
  }

  /** Calls running on a worker. */
  get running(): number {
    return this.#running;
  }

  run(
    payload: TaskPayload,
    signal: AbortSignal | undefined,
    transferList?: readonly Movable[],
    channel?: CallChannel,
  ): Promise<TaskEnvelope> {
    if (this.#destroyed) return Promise.reject(new PoolShutDownError());
    return new Promise<TaskEnvelope>((resolve, reject) => {
      const call: LaneCall = {
        id: this.#nextId++,
        payload,
        transferList,
        signal,
        resolve,
        reject,
        lane: undefined,
        seq: 0,
        posted: false,
        channel,
      };
      if (signal !== undefined) this.#aborts.add(signal, call);
      const lane = this.#queue.size === 0 ? this.#place(call) : undefined;
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
    for (const call of queued) this.#fail(call, new PoolShutDownError(), false);
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
    if ('started' in reply) {
      lane.started = true;
      // An idle lane waited for this to be ended (see #endIdle).
      if (this.#idle.includes(lane)) this.#sweep ??= setImmediate(() => this.#endIdle());
      return;
    }
    if ('retire' in reply) return this.#retire(lane);
    // A call taken back or aborted meanwhile is no longer the lane's.
    const call = lane.find(reply.id);
    if (call === undefined) return;
    if ('message' in reply) {
      call.channel?.heard();
      return call.channel?.onMessage(reply.message);
    }
    lane.remove(call);
    this.#done(call, true);
    call.resolve(reply.answer);
    if (reply.answer.retire) this.#retire(lane);
    else this.#free(lane);
  }

  postFailed(lane: Lane, call: LaneCall, error: unknown): void {
    this.#fail(call, argumentsSendError(call.payload.args, this.adapter.runtime, error), true);
    this.#free(lane);
  }

  ended(lane: Lane, error: unknown): void {
    this.#leased.delete(lane);
    this.#forget(lane);
    if (this.#destroyed) {
      for (const call of lane.calls.splice(0)) this.#fail(call, new PoolShutDownError(), true);
      return;
    }
    // The calls it had not started go to other workers; a started one dies
    // with it. When no worker could start, another would fail the same way.
    if (!(error instanceof WorkerStartError)) this.#takeBackAll(lane);
    for (const call of lane.calls.splice(0)) this.#fail(call, this.#explain(error), true);
    this.#pump();
  }

  // Internals

  /**
   * A worker died idle (it is replaced on demand: nothing to do), or failed
   * as it started. Then, with no worker left, the sessions tinypool queued
   * for it would wait forever: tinypool starts no worker for a queued task.
   */
  #workerFailed(error: unknown): void {
    if (this.#destroyed || this.tinypool.threads.length > 0) return;
    const stranded = [...this.#leased].filter((lane) => !lane.started);
    if (stranded.length === 0) return;
    const failure = new WorkerStartError(error);
    for (const call of [...this.#queue]) {
      this.#queue.delete(call);
      this.#fail(call, failure, false);
    }
    for (const lane of stranded) lane.fail(failure);
  }

  #open(): Lane {
    const lane = new Lane(this.tinypool, this.adapter, this.#nextId++, this);
    this.#lanes.add(lane);
    this.#leased.add(lane);
    // Tinypool creates workers synchronously inside run().
    this.#watchNewWorkers();
    return lane;
  }

  #start(lane: Lane, call: LaneCall): void {
    this.#running++;
    lane.run(call);
  }

  /**
   * Where a new call goes: an idle lane, else a new one (up to the cap), else
   * ahead on a busy one. Not ahead while a lane is ending: its slot comes
   * free in a moment, and a lane opened then is better than a wait behind a
   * call of unknown length.
   */
  #place(call: LaneCall): Lane | undefined {
    const idle = this.#idle.pop();
    if (idle !== undefined) return idle;
    if (this.#leased.size < this.#max) return this.#open();
    if (this.#leased.size > this.#lanes.size) return undefined;
    for (const lane of this.#lanes) if (lane.accepts(call)) return lane;
    return undefined;
  }

  /**
   * A lane that finished a call: it takes queued calls up to what it holds;
   * with none queued and none left, it takes over a call another lane has
   * not started yet, or idles for a turn.
   */
  #free(lane: Lane): void {
    if (lane.retiring) return this.#retire(lane);
    for (let next = this.#head(); next !== undefined && lane.accepts(next); next = this.#head()) {
      this.#queue.delete(next);
      this.#start(lane, next);
    }
    if (lane.calls.length > 0 || this.#steal(lane)) return;
    this.#rest(lane);
  }

  /** An empty lane idles for a turn of the event loop, then ends. */
  #rest(lane: Lane): void {
    this.#idle.push(lane);
    this.#sweep ??= setImmediate(() => this.#endIdle());
  }

  /** Moves the oldest call some other lane has not started to `idle`; true if there was one. */
  #steal(idle: Lane): boolean {
    const waiting: LaneCall[] = [];
    for (const lane of this.#lanes) if (lane !== idle) for (const call of lane.calls) waiting.push(call);
    waiting.sort((a, b) => a.id - b.id);
    for (const call of waiting) {
      const from = call.lane as Lane;
      if (!from.takeBack(call)) continue;
      idle.run(call);
      // Its worker may still be starting: it rests, and ends if nothing comes.
      if (from.calls.length === 0) this.#rest(from);
      return true;
    }
    return false;
  }

  /** Starts queued calls on free lanes, on new ones up to the cap, and ahead on busy ones. */
  #pump(): void {
    for (let next = this.#head(); next !== undefined; next = this.#head()) {
      const lane = this.#place(next);
      if (lane === undefined) return;
      this.#queue.delete(next);
      this.#start(lane, next);
    }
  }

  #head(): LaneCall | undefined {
    for (const call of this.#queue) return call;
    return undefined;
  }

  /**
   * Ends the lanes that had nothing to do for a whole turn of the event loop.
   * A lane whose worker is still starting is kept: ending it would waste the
   * start and hold a worker slot until the session ran anyway. It is ended
   * once it says it runs, if still idle then.
   */
  #endIdle(): void {
    this.#sweep = undefined;
    const starting: Lane[] = [];
    for (const lane of this.#idle.splice(0)) {
      if (!lane.started) {
        starting.push(lane);
        continue;
      }
      this.#lanes.delete(lane);
      lane.end();
    }
    this.#idle.push(...starting);
  }

  /**
   * Replaces a lane's worker, whose state is suspect: it takes no more calls,
   * gives back those it has not started, and is ended once the started one
   * (if any) has answered.
   */
  #retire(lane: Lane): void {
    this.#withdraw(lane);
    if (lane.calls.length === 0) lane.kill();
    this.#pump();
  }

  /** Ends a lane's worker now; the calls it had not started go to other workers. */
  #kill(lane: Lane): void {
    this.#withdraw(lane);
    lane.kill();
  }

  /** No more calls for `lane`: those it has not started go back to the queue. */
  #withdraw(lane: Lane): void {
    lane.retiring = true;
    this.#forget(lane);
    this.#takeBackAll(lane);
  }

  /** Puts the calls a lane has not started back at the head of the queue, in order. */
  #takeBackAll(lane: Lane): void {
    const back = [...lane.calls].filter((call) => lane.takeBack(call));
    if (back.length === 0) return;
    this.#running -= back.length;
    const rest = [...this.#queue];
    this.#queue.clear();
    for (const call of [...back, ...rest]) this.#queue.add(call);
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
    if (lane.takeBack(call) || lane.answered(call)) {
      // Not started, or already done: its worker carries on with the others.
      lane.remove(call);
      this.#fail(call, reason, true);
      if (!this.#lanes.has(lane)) {
        // A retiring lane waited for its last call to end.
        if (lane.retiring && lane.calls.length === 0) lane.kill();
        return;
      }
      if (lane.calls.length === 0) this.#free(lane);
      else this.#pump();
      return;
    }
    // A running call is stopped with its worker, which tinypool then replaces.
    lane.remove(call);
    this.#kill(lane);
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
    if (this.#destroyed) return new PoolShutDownError();
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
