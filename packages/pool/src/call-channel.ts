// Host side of a task that talks with its caller: its messages both ways.
import { DataCloneError } from './errors';
import type { Runtime } from './runtime/adapter';
import { describeUncloneable, isSendable } from './wire';

/** Where a call's messages go once it is on a lane (see Lane#message). */
export interface MessageSink {
  message(message: unknown): void;
  /** The worker's session runs (so tinypool holds the worker for it). */
  readonly running: boolean;
}

/**
 * The caller's end of one call's conversation. Messages sent before the
 * worker has said anything are kept: if the call is taken back before it
 * started (its worker died, or another took it over), they are sent again
 * after it, wherever it goes.
 */
export class CallChannel {
  #kept: unknown[] | undefined = [];
  #sink: MessageSink | undefined;

  constructor(
    readonly runtime: Runtime,
    readonly onMessage: (message: unknown) => void,
  ) {}

  /** The worker spoke: the call runs there, nothing needs sending again. */
  heard(): boolean {
    const first = this.#kept !== undefined;
    this.#kept = undefined;
    return first;
  }

  /** Posted to a worker whose session runs. */
  get holding(): boolean {
    return this.#sink?.running === true;
  }

  /** The call was posted to a lane: what it was sent so far follows it. */
  attach(sink: MessageSink): void {
    this.#sink = sink;
    for (const message of this.#kept ?? []) sink.message(message);
  }

  detach(): void {
    this.#sink = undefined;
  }

  send(message: unknown): void {
    if (this.#sink !== undefined) {
      try {
        this.#sink.message(message);
      } catch (cause) {
        throw new DataCloneError(this.#problem(message), { cause });
      }
    } else if (!isSendable(message, this.runtime)) {
      throw new DataCloneError(this.#problem(message));
    }
    this.#kept?.push(message);
  }

  #problem(message: unknown): string {
    return describeUncloneable(message, 'the message', this.runtime) ?? 'the message cannot be copied to the worker (structured clone)';
  }
}
