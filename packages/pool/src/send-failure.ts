import { DataCloneError } from './errors';
import type { Runtime } from './runtime/adapter';
import { describeUncloneable } from './wire';

/**
 * The error for arguments the runtime's serializer refused when the call was
 * posted: names the argument, and the path inside it, that cannot be sent,
 * which the serializer's own message does not.
 */
export function argumentsSendError(args: readonly unknown[], runtime: Runtime, cause: unknown): DataCloneError {
  for (const [index, arg] of args.entries()) {
    const problem = describeUncloneable(arg, `args[${index}]`, runtime);
    if (problem !== undefined) return new DataCloneError(problem, { cause });
  }
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new DataCloneError(`could not send the arguments to the worker (structured clone)${detail}`, { cause });
}
