import type Tinypool from 'tinypool';
import type { SessionReply, TaskEnvelope, TaskPayload } from './protocol';
import type { HostChannel, RuntimeAdapter } from './runtime/adapter';
import type { Movable } from './transfer';

/** One call waiting for, or running on, a lane. */
export interface LaneCall {
  readonly id: number;
  readonly payload: TaskPayload;
  readonly transferList: readonly Movable[] | undefined;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (envelope: TaskEnvelope) => void;
  readonly reject: (error: unknown) => void;
  lane: Lane | undefined;
}

/** What a lane tells the pool that owns it. */
export interface LaneEvents {
  reply(lane: Lane, reply: SessionReply): void;
  /** The call could not be sent (it cannot be serialized); the lane is free again. */
  postFailed(lane: Lane, call: LaneCall, error: unknown): void;
  /** The session is over: ended on request (`error` undefined), killed, or its worker died. */
  ended(lane: Lane, error: unknown): void;
}

/**
 * One worker leased from tinypool for a session: a tinypool task that serves
 * calls, one at a time, over a private channel. Each call then costs one
 * message each way instead of tinypool's bookkeeping for a task, and the
 * worker still belongs to tinypool: its exit, its replacement and its limits
 * are tinypool's. Killing the lease (aborting its task) has tinypool end the
 * worker.
 */
export class Lane {
  /** The call this lane runs, if any. */
  call: LaneCall | undefined = undefined;
  /** The worker asked to be replaced: it takes no call after the current one. */
  retiring = false;
  readonly #channel: HostChannel;
  readonly #kill = new AbortController();
  readonly #events: LaneEvents;
  #ready = false;

  constructor(tinypool: Tinypool, adapter: RuntimeAdapter, id: number, events: LaneEvents) {
    this.#events = events;
    this.#channel = adapter.openChannel(id, (reply) => events.reply(this, reply));
    const { payload, runOptions } = this.#channel;
    tinypool.run(payload, { ...runOptions, signal: this.#kill.signal }).then(
      () => this.#ended(events, undefined),
      (error: unknown) => this.#ended(events, error ?? new Error('the worker session failed')),
    );
    this.#channel.whenReady(() => {
      this.#ready = true;
      if (this.call !== undefined) this.#send(this.call);
    });
  }

  /** Hands `call` to this lane's worker (once the session is ready). */
  run(call: LaneCall): void {
    this.call = call;
    call.lane = this;
    if (this.#ready) this.#send(call);
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

  #send(call: LaneCall): void {
    try {
      this.#channel.post({ id: call.id, task: call.payload }, call.transferList);
    } catch (error) {
      this.call = undefined;
      call.lane = undefined;
      this.#events.postFailed(this, call, error);
    }
  }

  #ended(events: LaneEvents, error: unknown): void {
    this.#channel.close();
    events.ended(this, error);
  }
}
