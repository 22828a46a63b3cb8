/** The line that separates the worker's frames from the caller's in a decoded stack. */
export const WORKER_BOUNDARY_FRAME = '    at <worker boundary>';

/**
 * The caller's frames, for `decodeError`. Frames from `below` up (the public
 * entry, such as `inThread`) are left out, so the trace starts in user code.
 * Called synchronously, it records the calling frames at ~5 µs a capture;
 * called in an async function after an await, it records, for free until
 * then, the chain of async functions awaiting it (V8's zero-cost async stack
 * traces): the line where the caller awaits the call, and its callers.
 */
export function captureCallerStack(below?: (...args: never[]) => unknown): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, below ?? captureCallerStack);
  return framesOf(holder.stack ?? '');
}

/** The `    at …` lines of a stack, without its `Name: message` header (which may span lines). */
export function framesOf(stack: string): string {
  const lines = stack.split('\n');
  const first = lines.findIndex((line) => /^\s+at /.test(line));
  return first === -1 ? '' : lines.slice(first).join('\n');
}

/** The worker's stack, then the boundary line, then where the caller called from. */
export function joinStacks(workerStack: string, callerStack: string): string {
  const frames = framesOf(callerStack);
  return frames === '' ? workerStack : `${workerStack}\n${WORKER_BOUNDARY_FRAME}\n${frames}`;
}
