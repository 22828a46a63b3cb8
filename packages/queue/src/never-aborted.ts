let never: AbortSignal | undefined;

/**
 * The signal of a task that nothing can abort (no timeout, no signal): one
 * shared signal instead of an `AbortController` per task, which costs about
 * 2.6 us in Node 20, more than the rest of a task's trip through the queue.
 * A listener added to it could never run, so it drops them: code that adds
 * one per task and never removes it (a pattern `fetch` wrappers have) would
 * otherwise pile them up on a signal that lives as long as the program.
 */
export function neverAborted(): AbortSignal {
  if (never !== undefined) return never;
  const signal = new AbortController().signal;
  Object.defineProperties(signal, {
    addEventListener: { value: ignore },
    removeEventListener: { value: ignore },
    onabort: { get: () => null, set: ignore },
  });
  // Not frozen: the runtime keeps its own state on the signal (AbortSignal.any
  // lists dependants there).
  return (never = signal);
}

function ignore(): void {}
