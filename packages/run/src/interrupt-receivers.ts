import type { InterruptSignal } from './interrupted';

/**
 * What a pending run does with a signal: aborts main's signal and returns
 * its reason, or ends the process (a second signal).
 */
export type InterruptReceiver = (signal: InterruptSignal) => unknown;

// On globalThis, so the ESM and CommonJS copies of the package (a run from
// one, a runDecorator call from the other) see the same runs.
const RECEIVERS = Symbol.for('aiox.run.interruptReceivers');

/** The receivers of the runs pending now: while there are any, a blocked runDecorator call hands them the SIGINT it catches. */
export function interruptReceivers(): Set<InterruptReceiver> {
  const holder = globalThis as { [RECEIVERS]?: Set<InterruptReceiver> };
  holder[RECEIVERS] ??= new Set();
  return holder[RECEIVERS];
}
