import type { TaskEnvelope, TaskPayload } from './protocol';
import type { Runtime } from './runtime/adapter';
import { shippableSource } from './ship-function';
import { RetiredWorker } from './worker-death';
import { captureCallerStack, decodeError, describeUncloneable, isSendable } from './wire';

/** Options of one {@link ExecutorPool.call}. */
export interface CallOptions {
  /** Aborting it rejects the call with `signal.reason` and frees its worker or queue slot. */
  readonly signal?: AbortSignal;
}

/** Hands one task to a pool's workers. */
export type Submit = (payload: TaskPayload, signal: AbortSignal | undefined) => Promise<TaskEnvelope>;

/** Ships `fn` by its source text to a worker and runs it with `args`. */
export async function callShipped(
  submit: Submit,
  runtime: Runtime,
  fn: unknown,
  args: readonly unknown[],
  options: CallOptions = {},
): Promise<unknown> {
  const callerStack = captureCallerStack(callShipped);
  const source = shippableSource(fn);
  // Checked before sending: a task tinypool 2.2 fails to post from its queue
  // stalls the queue behind it (`_onWorkerAvailable` returns without offering
  // the worker the next task).
  if (!isSendable(args, runtime)) throw cloneFailure(args, runtime);
  const { signal } = options;
  for (;;) {
    signal?.throwIfAborted();
    let envelope;
    try {
      envelope = await submit({ source, args }, signal);
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
        throw decodeError(envelope.error, { callerStack });
      case 'refused':
        continue;
    }
  }
}

/** Names the argument that cannot be sent, which the serializer's own error does not. */
function cloneFailure(args: readonly unknown[], runtime: Runtime): TypeError {
  for (const [index, arg] of args.entries()) {
    const problem = describeUncloneable(arg, `args[${index}]`, runtime);
    if (problem !== undefined) return new TypeError(problem);
  }
  return new TypeError('could not send the arguments: they cannot be copied to a worker (structured clone)');
}
