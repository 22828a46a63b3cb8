import type { CallChannel } from './call-channel';
import type { DriverTask } from './opened-task';
import type { TaskEnvelope, TaskPayload, TaskTarget } from './protocol';
import type { Runtime } from './runtime/adapter';
import { shippedTarget } from './ship-function';
import { type Movable, moveArgs, type TransferItem } from './transfer';
import { RetiredWorker } from './worker-death';
import { captureCallerStack, decodeError } from './wire';

/** Options of one {@link ExecutorPool.call}. */
export interface CallOptions {
  /** Aborting it rejects the call with `signal.reason` and frees its worker or queue slot. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Buffers and ports to move to the worker instead of copying them: each
   * `ArrayBuffer` (a view moves its whole buffer) or `MessagePort` listed,
   * wherever it sits in the arguments. Threads: zero-copy, and the caller's
   * buffers are detached (`byteLength` 0) as soon as the call starts, even
   * when it fails or is aborted later. Processes: there is no shared memory,
   * so the arguments are copied as usual and nothing is detached; a
   * `MessagePort` is refused (`TypeError`). The pool behind Node's small
   * `Buffer`s cannot be moved: such a buffer is copied.
   */
  readonly transfer?: readonly TransferItem[] | undefined;
  /**
   * Threads: move every `ArrayBuffer` found in the result (through arrays,
   * plain objects, Maps, Sets and views) back instead of copying it.
   * Processes: ignored, the result is copied.
   */
  readonly transferResult?: boolean | undefined;
}

/** Hands one task to a pool's workers. */
export type Submit = (
  payload: TaskPayload,
  signal: AbortSignal | undefined,
  transferList?: readonly Movable[],
  channel?: CallChannel,
) => Promise<TaskEnvelope>;

/** What a task opened with a channel adds to a call (see ExecutorPool#open). */
export interface ShippedExtras {
  readonly channel?: CallChannel | undefined;
  readonly driver?: DriverTask | undefined;
  readonly driverData?: unknown;
}

/** Ships `fn` (by its source text, or as a module task's URL and export name) to a worker and runs it with `args`. */
export async function callShipped(
  submit: Submit,
  runtime: Runtime,
  fn: unknown,
  args: readonly unknown[],
  options: CallOptions = {},
  extras: ShippedExtras = {},
): Promise<unknown> {
  const { channel, driver } = extras;
  // A driver decides what it runs: a generator function, say.
  const target: TaskTarget = shippedTarget(fn, { generators: driver !== undefined });
  const { signal } = options;
  // Nothing is moved for a call that will not run.
  if (options.transfer !== undefined) signal?.throwIfAborted();
  // Arguments that cannot be serialized fail when posted, with an error that names them (see send-failure.ts).
  const moved = moveArgs(args, runtime, options.transfer);
  const payload: TaskPayload = {
    ...target,
    args: moved?.args ?? args,
    ...(options.transferResult === true ? { transferResult: true } : {}),
    ...(channel === undefined ? {} : { channel: true }),
    ...(driver === undefined ? {} : { driver: { module: driver.module, exportName: driver.exportName, data: extras.driverData } }),
  };
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    // A worker that refused the task got (and kept) its moved buffers.
    if (attempt > 0 && moved !== undefined) throw new Error(movedLost);
    let envelope;
    try {
      envelope = await submit(payload, signal, moved?.transferList, channel);
    } catch (error) {
      // Tinypool rejects an aborted task with an AbortError of its own.
      if (signal?.aborted) throw signal.reason;
      // Sent to a worker the host retired before it started: send it again.
      if (error instanceof RetiredWorker) continue;
      throw error;
    }
    switch (envelope.kind) {
      case 'value':
        return envelope.value;
      case 'error':
        // Read here, after an await, the stack is the chain of async
        // functions awaiting this call: where the caller awaits it, at no
        // cost to the calls that succeed (a capture at submit costs ~5 µs).
        throw decodeError(envelope.error, { callerStack: captureCallerStack(callShipped) });
      case 'refused':
        continue;
    }
  }
}

const movedLost =
  'the worker the task was sent to was replaced before it ran the task, and took the buffers moved by options.transfer with it: call again with fresh data';
