// What the caller and the driver in the worker say to each other, over the
// pool's task channel (ExecutorPool#open). The generator's end (done, or its
// error) is the task's own result, which the pool decodes with class and stack.
import type { EncodedError, WireRuntime } from '@aiox/pool/wire';

/** How the driver runs the generator; `batchSize` undefined: lazily, one value a request. */
export interface DriveMode {
  readonly batchSize?: number;
  /** Batches the worker may send before the caller has taken the first of them. */
  readonly readAhead: number;
  /** The pool's runtime: what a value that cannot be copied is said to fail to reach. */
  readonly runtime: WireRuntime;
}

/** Caller to worker. */
export type Request =
  | { readonly op: 'next'; readonly value: unknown }
  // `epoch` counts these: batches the worker sent before it got one are stale.
  | { readonly op: 'throw'; readonly error: EncodedError; readonly epoch: number }
  | { readonly op: 'return'; readonly value: unknown; readonly epoch: number }
  /** Read-ahead: the caller took a whole batch; one more may come. */
  | { readonly op: 'more' };

/**
 * Worker to caller: one value (lazy), or a batch of them (read-ahead); and in
 * read-ahead, just before the task fails, the epoch the generator failed in.
 */
export type Reply =
  | { readonly value: unknown }
  | { readonly batch: readonly unknown[]; readonly epoch: number }
  | { readonly failed: number };
