/** The line that separates the worker's frames from the caller's in a decoded stack. */
export const WORKER_BOUNDARY_FRAME = '    at <worker boundary>';

/**
 * The caller's frames, to capture synchronously when a task is submitted
 * (before any await, which would cut the async part of the trace) and hand to
 * `decodeError` if the task fails. Frames above `below` (the public entry,
 * such as `inThread`) are left out, so the trace starts in user code.
 * Costs one stack capture per call: skip it on hot paths if that matters.
 */
export function captureCallerStack(below?: (...args: never[]) => unknown): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, below ?? captureCallerStack);
  return framesOf(holder.stack ?? '');
}

/**
 * The caller's site, as {@link captureCallerStack} but lazily: the frames are
 * recorded at once (call it synchronously, before any await), while the
 * costly formatting into text waits for {@link callerFrames}, which only a
 * failed call needs.
 */
export function captureCallerSite(below?: (...args: never[]) => unknown): CallerSite {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, below ?? captureCallerSite);
  return holder;
}

/** What {@link captureCallerSite} recorded; read it with {@link callerFrames}. */
export interface CallerSite {
  readonly stack?: string;
}

/** The frames of a {@link CallerSite}, as {@link captureCallerStack} returns them. */
export function callerFrames(site: CallerSite): string {
  return framesOf(site.stack ?? '');
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
