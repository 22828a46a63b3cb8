// Debug mode's report of a blocked event loop, as asyncio's debug mode
// reports a slow callback. A timer that should tick every TICK_MS measures
// how late it runs: the loop could not run it meanwhile.

const TICK_MS = 10;
/** A stall is reported when the loop was blocked longer than this. */
export const STALL_MS = 100;

/** Calls `report(ms)` after each stall of the event loop over {@link STALL_MS}; returns the way to stop. */
export function watchStalls(report: (ms: number) => void): () => void {
  let last = performance.now();
  // Node schedules an interval's next run from the end of its last one, so
  // the gap between two runs is TICK_MS plus the time the loop was blocked.
  const timer = setInterval(() => {
    const now = performance.now();
    const stall = now - last - TICK_MS;
    last = now;
    if (stall > STALL_MS) report(stall);
  }, TICK_MS);
  // The watch never keeps the process alive; `run` does while main is pending.
  timer.unref();
  return () => clearInterval(timer);
}

/** The line debug mode prints for a stall. */
export function stallMessage(ms: number): string {
  return (
    `aiox run (debug): the event loop was blocked for ${Math.round(ms)} ms ` +
    `(longer than ${STALL_MS} ms): a callback ran that long without yielding; move CPU work to a worker (inThread) or split it\n`
  );
}
