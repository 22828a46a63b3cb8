import type { EncodedError } from './wire';

/** What the host sends a worker for one call. */
export type TaskPayload = TaskTarget & {
  readonly args: readonly unknown[];
  /** Threads: move the ArrayBuffers of the result back instead of copying them. */
  readonly transferResult?: boolean;
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
