import type Tinypool from 'tinypool';
import { Claim, claim, markQueued, stateOf } from './claim-board';
import type { CallChannel } from './call-channel';
import type { SessionReply, TaskEnvelope, TaskPayload } from './protocol';
import type { HostChannel, RuntimeAdapter } from './runtime/adapter';
import type { Movable } from './transfer';

/**
 * Calls a thread lane holds: the running one and one sent ahead. Measured
 * (apps/bench, 64 in flight, paired with tinypool): 1 -> 0.76x, 2 -> 0.45x,
 * 4 -> 0.46x tinypool's time; more only makes a long call hold more behind it.
 */
const THREAD_DEPTH = 2;

/** One call waiting for, or handed to, a lane. */
export interface LaneCall {
  readonly id: number;
  readonly payload: TaskPayload;
  readonly transferList: readonly Movable[] | undefined;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (envelope: TaskEnvelope) => void;
  readonly reject: (error: unknown) => void;
  lane: Lane | undefined;
  /** Its number on its lane: its slot on the lane's claim board. */
  seq: number;
  /** Posted to the worker (otherwise it waits in the lane for the session to be ready). */
  posted: boolean;
  /**
   * The call talks with its caller. It holds its worker alone: it is never
   * sent ahead behind another call, nor another behind it.
   */
  readonly channel: CallChannel | undefined;
}

/** What a lane tells the pool that owns it. */
export interface LaneEvents {
  reply(lane: Lane, reply: SessionReply): void;
  /** The call could not be sent (it cannot be serialized); it has left the lane. */
  postFailed(lane: Lane, call: LaneCall, error: unknown): void;
  /** The session is over: ended on request (`error` undefined), killed, or its worker died. */
  ended(lane: Lane, error: unknown): void;
}

/**
 * One worker leased from tinypool for a session: a tinypool task that serves
 * calls over a private channel, one at a time, in the order sent. A call then
 * costs one message each way instead of tinypool's bookkeeping for a task,
 * and the worker still belongs to tinypool: its exit, its replacement and
 * its limits are tinypool's. Killing the lease (aborting its task) has
 * tinypool end the worker.
 *
 * A thread lane holds up to two calls: the next is sent ahead while one
 * runs, so the worker never waits a round trip between them, and the claim
 * board lets the host take it back as long as it has not started (for an
 * idle worker, on an abort, when this one dies). A process lane, with no
 * shared memory for a board, holds one.
 */
export class Lane {
  /** The calls handed to this lane, in the order sent: the first runs or is next. */
  readonly calls: LaneCall[] = [];
  readonly depth: number;
  /** The worker said the session runs (until then it may still be starting). */
  started = false;
  /** No call is sent here any more; the worker ends once its calls are done. */
  retiring = false;
  readonly #channel: HostChannel;
  readonly #board: Int32Array | undefined;
  readonly #kill = new AbortController();
  readonly #events: LaneEvents;
  #ready = false;
  #seq = 0;
  #failure: Error | undefined;

  constructor(tinypool: Tinypool, adapter: RuntimeAdapter, id: number, events: LaneEvents) {
    this.#events = events;
    this.#channel = adapter.openChannel(id, (reply) => events.reply(this, reply));
    this.#board = this.#channel.board;
    this.depth = this.#board === undefined ? 1 : THREAD_DEPTH;
    const { payload, runOptions } = this.#channel;
    tinypool.run(payload, { ...runOptions, signal: this.#kill.signal }).then(
      () => this.#ended(undefined),
      (error: unknown) => this.#ended(error ?? new Error('the worker session failed')),
    );
    this.#channel.whenReady(() => {
      this.#ready = true;
      for (const call of [...this.calls]) this.#send(call);
    });
  }

  /** Whether `call` may join the calls this lane holds. */
  accepts(call: LaneCall): boolean {
    const [first] = this.calls;
    if (first === undefined) return true;
    return this.calls.length < this.depth && call.channel === undefined && first.channel === undefined;
  }

  /** Hands `call` to this lane's worker (sent once the session is ready). */
  run(call: LaneCall): void {
    call.lane = this;
    call.seq = this.#seq++;
    call.posted = false;
    this.calls.push(call);
    if (this.#ready) this.#send(call);
  }

  /**
   * Takes `call` back from this lane if its worker has not started it; true
   * when it did, and the call is the pool's to place again.
   */
  takeBack(call: LaneCall): boolean {
    if (call.posted && (this.#board === undefined || !claim(this.#board, call.seq, Claim.Queued, Claim.Stolen))) return false;
    this.remove(call);
    return true;
  }

  /** Whether the worker is done with `call` (its answer is on its way). */
  answered(call: LaneCall): boolean {
    return this.#board !== undefined && stateOf(this.#board, call.seq) === Claim.Done;
  }

  remove(call: LaneCall): void {
    const index = this.calls.indexOf(call);
    if (index !== -1) this.calls.splice(index, 1);
    call.lane = undefined;
    call.channel?.detach();
  }

  /** The call `id`, if it is still this lane's. */
  find(id: number): LaneCall | undefined {
    return this.calls.find((call) => call.id === id);
  }

  /** Asks the worker to end the session; tinypool gets it back, idle. */
  end(): void {
    if (!this.#ready) return this.kill();
    try {
      this.#channel.post({ end: true });
    } catch {
      this.kill();
    }
  }

  /** Ends the worker itself, whatever it is doing. */
  kill(): void {
    this.#kill.abort();
  }

  /** Ends the session with `error` as the reason its calls fail. */
  fail(error: Error): void {
    this.#failure = error;
    this.kill();
  }

  #send(call: LaneCall): void {
    if (call.lane !== this || call.posted) return;
    if (this.#board !== undefined) markQueued(this.#board, call.seq);
    try {
      this.#channel.post({ id: call.id, seq: call.seq, task: call.payload }, call.transferList);
      call.posted = true;
    } catch (error) {
      this.remove(call);
      this.#events.postFailed(this, call, error);
      return;
    }
    const lane = this;
    call.channel?.attach({
      message: (message) => this.#channel.post({ id: call.id, message }),
      get running() {
        return lane.started;
      },
    });
  }

  #ended(error: unknown): void {
    this.#channel.close();
    this.#events.ended(this, this.#failure ?? error);
  }
}
