// What the caller, the guardian and a decorator worker say to one another.
//
// A call: the caller posts a Request on its port, stores its id in
// state[STATE_REQUEST], and waits on state[STATE_REPLY] (spin.ts, then
// Atomics.wait); the worker posts the Reply on its end of the port, then
// stores the call's id in state[STATE_REPLY] and notifies. A worker that
// just answered watches state[STATE_REQUEST] for a moment for the next call
// before it goes back to its event loop, where the port's message event
// brings the next one. postMessage
// is synchronous (the reply is in the port's queue before the id is stored),
// so a caller that sees its id finds its reply; a caller that wakes for
// anything else (an earlier store, a spurious wake) sees another number and
// sleeps again. This is the race synckit hit (its issues 185 and 217).
//
// The start: a worker stores READY in state[STATE_READY] (and notifies)
// once it has loaded the function and listens for calls. Until then a call
// waits on that word, bounded by the start-up limit; a call's own timeout
// counts from READY, so a worker's start-up never eats into it.
//
// A death: the worker cannot say it died (out of memory, no JavaScript
// runs), so the guardian thread that spawned it watches its `exit` event,
// posts a DeathNotice on the notice port, then stores DEAD in
// state[STATE_REPLY] and state[STATE_READY] and notifies both.
import type { MessagePort } from 'node:worker_threads';
import type { TaskTarget } from '@aiox/pool/ship';
import type { EncodedError } from '@aiox/pool/wire';

/** Index of the shared word a worker stores the id of its last reply in. */
export const STATE_REPLY = 0;
/** Index of the shared word the caller stores the id of its last request in. */
export const STATE_REQUEST = 1;
/** Index of the shared word a worker stores READY in once it has started. */
export const STATE_READY = 2;
/** The shared words of a worker. */
export const STATE_WORDS = 3;
/** Stored in state[STATE_READY] by a worker that has started. */
export const READY = 1;
/** Stored in state[STATE_REPLY] and state[STATE_READY] by the guardian once the worker has exited. */
export const DEAD = -1;

export type Request = readonly [id: number, args: readonly unknown[]];
export type Reply = readonly [id: number, ok: true, value: unknown] | readonly [id: number, ok: false, error: EncodedError];

/** Caller to guardian. */
export type GuardianRequest =
  | {
      readonly kind: 'spawn';
      readonly id: number;
      readonly port: MessagePort;
      readonly notices: MessagePort;
      readonly state: Int32Array;
      readonly worker: DecoratorWorkerData;
      readonly maxOldGenerationSizeMb?: number | undefined;
    }
  | { readonly kind: 'end'; readonly id: number };

/** Guardian to caller, when a worker exits. */
export interface DeathNotice {
  readonly exitCode: number;
  /** The error that ended it: uncaught in the worker, or out of memory. */
  readonly error?: EncodedError;
}

/** What a decorator worker gets as its workerData (its port comes with it). */
export interface DecoratorWorkerData {
  readonly port?: MessagePort;
  readonly state: Int32Array;
  readonly target: TaskTarget;
  /** The decorated function's own name, if it has one (a module's export is named by its target). */
  readonly name?: string | undefined;
  /** The keys of the decorated functions whose workers this one runs inside, outermost first, its own last. */
  readonly chain: readonly string[];
}

/** What the guardian gets as its workerData. */
export interface GuardianData {
  readonly workerFile: string;
}
