/**
 * The events a {@link Queue} dispatches, by type: `active` when a task
 * starts, `completed` (its value in `detail`) and `error` (its error in
 * `detail`) when a started task settles, `empty` when the last queued task
 * starts or leaves, `idle` when nothing is queued or running any more.
 */
export interface QueueEventMap {
  active: Event;
  completed: CustomEvent<unknown>;
  error: CustomEvent<unknown>;
  empty: Event;
  idle: Event;
}

/** A listener of one of a {@link Queue}'s events: a function or an object with `handleEvent`. */
export type QueueListener<E extends Event> = ((event: E) => void) | { handleEvent(event: E): void };

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
  | { capture?: boolean; once?: boolean; passive?: boolean; signal?: AbortSignal };
