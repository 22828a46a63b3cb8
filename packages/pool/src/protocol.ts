import type { MessagePort } from 'node:worker_threads';
import type { EncodedError } from './wire';

/** What the host sends a worker for one call. */
export type TaskPayload = TaskTarget & {
  readonly args: readonly unknown[];
  /** Threads: move the ArrayBuffers of the result back instead of copying them. */
  readonly transferResult?: boolean;
  /** The task talks with its caller: it gets a {@link TaskPort} as its last argument (or its driver's). */
  readonly channel?: true;
  /** A module's export that runs the function: called as `driver(fn, args, port, data)`. */
  readonly driver?: { readonly module: string; readonly exportName: string; readonly data?: unknown };
};

/** The function a task runs. */
export type TaskTarget =
  /** `source`: a JavaScript expression that evaluates to the function. */
  | { readonly source: string }
  /** An export of a module, imported by the worker from its `file:` URL. */
  | { readonly module: string; readonly exportName: string };

/** What a worker answers. `worker` is its threadId (threads) or pid (processes). */
export type TaskEnvelope =
  | { readonly kind: 'value'; readonly value: unknown; readonly worker: number; readonly retire: boolean }
  | { readonly kind: 'error'; readonly error: EncodedError; readonly worker: number; readonly retire: boolean }
  // A worker whose state is suspect (something threw after its task settled)
  // runs nothing more: the host sends the task again, to another worker.
  | { readonly kind: 'refused'; readonly worker: number; readonly retire: true };

/**
 * The tinypool task that leases a worker for a session: calls then go to it
 * straight over a private channel, which skips tinypool's per-task work. Its
 * value settles when the host ends the session.
 */
export interface SessionPayload {
  /** Threads: the worker's end of a MessageChannel. Processes: a session id, for the IPC channel. */
  readonly session: MessagePort | number;
  /** Threads: the claim board of calls sent ahead (see claim-board.ts). */
  readonly board?: Int32Array;
}

/** Host to worker, within a session. */
export type SessionRequest =
  /** `seq`: the call's number on this session, its slot on the claim board. */
  | { readonly id: number; readonly seq: number; readonly task: TaskPayload }
  /** A message for the call `id`, which talks with its caller (`task.channel`). */
  | { readonly id: number; readonly message: unknown }
  /** No more calls: the session task resolves and tinypool has its worker back. */
  | { readonly end: true };

/** Worker to host, within a session. */
export type SessionReply =
  | { readonly id: number; readonly answer: TaskEnvelope }
  /** A message from the call `id` to its caller. */
  | { readonly id: number; readonly message: unknown }
  /** Code of a finished call threw: this worker wants replacing. */
  | { readonly retire: true }
  /** The session runs: until then its worker may still be starting. */
  | { readonly started: true };

/** How session messages travel over a child process's IPC channel, beside tinypool's own. */
export interface ProcessSessionMessage<T> {
  readonly aioxSession: number;
  readonly body: T;
}

export function isSessionPayload(payload: unknown): payload is SessionPayload {
  return typeof payload === 'object' && payload !== null && 'session' in payload;
}
