/**
 * The events a {@link Queue} dispatches, by type. Listening is what makes
 * them: an event type nobody has listened to is never made. `error` is for
 * started tasks only: one that `clear()` or its signal drops before it
 * starts rejects its promise and dispatches nothing. A `detail` of
 * `undefined` reads `null`, the DOM's rule for `CustomEvent` (Deno's keeps
 * `undefined`). A listener that throws is reported as on any `EventTarget`
 * (in Node, as an uncaught exception); the queue and the task's promise go
 * on unaffected.
 */
export interface QueueEventMap {
  /** A task starts. */
  active: Event;
  /** A started task fulfils: its value in `detail`. */
  completed: CustomEvent<unknown>;
  /** A started task rejects, times out or is aborted: the error in `detail`. */
  error: CustomEvent<unknown>;
  /** The last queued task starts or leaves: nothing is queued (tasks may still run). */
  empty: Event;
  /** Nothing is queued or running any more. */
  idle: Event;
}

/** A listener of one of a {@link Queue}'s events: a function or an object with `handleEvent`. */
export type QueueListener<E extends Event> =
  | ((event: E) => void)
  | {
      /** Called with the event, `this` being the object. */
      handleEvent(event: E): void;
    };

export const ACTIVE = 1;
export const COMPLETED = 2;
export const ERROR = 4;
export const EMPTY = 8;
export const IDLE = 16;

/** Its bit in the set of events listened to; 0 for a type the queue never dispatches. */
export function eventBit(type: string): number {
  if (type === 'active') return ACTIVE;
  if (type === 'completed') return COMPLETED;
  if (type === 'error') return ERROR;
  if (type === 'empty') return EMPTY;
  return type === 'idle' ? IDLE : 0;
}

/** The options `addEventListener` takes, as on any `EventTarget`. */
export type ListenerOptions =
  | boolean
  | {
      /** As on any `EventTarget`; the queue's events do not propagate, so it changes nothing. */
      capture?: boolean;
      /** Removes the listener after its first call. */
      once?: boolean;
      /** As on any `EventTarget`; the queue's events cannot be cancelled. */
      passive?: boolean;
      /** Aborting it removes the listener. */
      signal?: AbortSignal;
    };
