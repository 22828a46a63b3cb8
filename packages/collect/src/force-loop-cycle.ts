/**
 * Resolves after one full turn of the event loop, so that timers and I/O
 * callbacks that were due have run, not merely the microtasks.
 *
 * A `setTimeout(0)` first: timers are run in the order they were set, so
 * every timer that was due when we were called runs before ours. Then, from
 * inside that timer, something that runs after the loop has polled for I/O:
 * `setImmediate` where it exists (Node, Bun: the check phase, right after
 * the poll phase of the same turn; Deno has it too, but delivers `node:net`
 * reads through its own ops, which may take more turns), else a
 * `MessageChannel` message (a task of its own, queued behind the events
 * already waiting), else a second timer.
 */
export function forceLoopCycle(): Promise<void> {
  return new Promise<void>((resolve) => {
    setTimeout(afterTimers, 0, resolve);
  });
}

// Not in the DOM typings, and only sometimes there at run time.
type SetImmediate = (callback: () => void) => unknown;

function afterTimers(resolve: () => void): void {
  const { setImmediate } = globalThis as { setImmediate?: SetImmediate };
  if (typeof setImmediate === 'function') {
    setImmediate(resolve);
  } else if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  } else {
    setTimeout(resolve, 0);
  }
}
