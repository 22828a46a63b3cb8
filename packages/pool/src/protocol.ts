import type { EncodedError } from './wire';

/** What the host sends a worker for one call. */
export interface TaskPayload {
  /** A JavaScript expression that evaluates to the function. */
  readonly source: string;
  readonly args: readonly unknown[];
}

/** What a worker answers. `worker` is its threadId (threads) or pid (processes). */
export type TaskEnvelope =
  | { readonly kind: 'value'; readonly value: unknown; readonly worker: number; readonly retire: boolean }
  | { readonly kind: 'error'; readonly error: EncodedError; readonly worker: number; readonly retire: boolean }
  // A worker whose state is suspect (something threw after its task settled)
  // runs nothing more: the host sends the task again, to another worker.
  | { readonly kind: 'refused'; readonly worker: number; readonly retire: true };
