import { exitCodeFor, type InterruptSignal } from './interrupted';

const SIGNALS: readonly InterruptSignal[] = ['SIGINT', 'SIGTERM'];

/**
 * Takes SIGINT and SIGTERM over from Node's default (which ends the process
 * at once): the first one calls `onFirst`, so the program can stop cleanly;
 * a second one ends the process at once with the conventional exit code, for
 * a program that does not stop. `listened: false` (nobody can hear the
 * first) makes the first one end it. Returns the way to give them back.
 */
export function takeInterrupts(onFirst: (signal: InterruptSignal) => void, listened: boolean): () => void {
  let received = false;
  const handler = (signal: InterruptSignal): void => {
    if (received || !listened) {
      process.stderr.write(`${received ? 'a second ' : ''}${signal}: exiting at once\n`);
      process.exit(exitCodeFor(signal));
    }
    received = true;
    onFirst(signal);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of SIGNALS) process.off(signal, handler);
  };
}
