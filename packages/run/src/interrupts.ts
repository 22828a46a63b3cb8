import { exitCodeFor, type InterruptSignal } from './interrupted';
import { interruptReceivers } from './interrupt-receivers';

const SIGNALS: readonly InterruptSignal[] = ['SIGINT', 'SIGTERM'];

/**
 * Takes SIGINT and SIGTERM over from Node's default (which ends the process
 * at once): the first one calls `onFirst` (which returns the abort reason),
 * so the program can stop cleanly; a second one ends the process at once
 * with the conventional exit code, for a program that does not stop.
 * `listened: false` (nobody can hear the first) makes the first one end it.
 * Returns the way to give them back, which resolves once they are.
 */
export function takeInterrupts(onFirst: (signal: InterruptSignal) => unknown, listened: boolean): () => Promise<void> {
  let received = false;
  let settled = false;
  const receive = (signal: InterruptSignal): unknown => {
    if (received || !listened) {
      process.stderr.write(`${received ? 'a second ' : ''}${signal}: exiting at once\n`);
      process.exit(exitCodeFor(signal));
    }
    received = true;
    if (!settled) return onFirst(signal);
    // Main settled before the signal came through: it arrived while the main
    // thread was blocked, and main could not stop on it. The process ends as
    // the signal asks.
    process.stderr.write(`interrupted by ${signal}\n`);
    process.exitCode = exitCodeFor(signal);
    return undefined;
  };
  const handler = (signal: InterruptSignal): void => {
    receive(signal);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  interruptReceivers().add(receive);
  return async () => {
    settled = true;
    // A signal that arrived while the main thread was blocked waits for the
    // event loop's next poll phase: removed before it, the handlers would
    // let it pass unseen (exit code 0). An immediate set from an immediate
    // runs in the next turn of the loop, after that turn's poll phase.
    await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
    interruptReceivers().delete(receive);
    for (const signal of SIGNALS) process.off(signal, handler);
  };
}
