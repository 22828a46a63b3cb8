import { constants } from 'node:os';

/** The signals `run` turns into an abort of main's signal. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/**
 * The abort reason `run` gives main's signal when the process receives
 * SIGINT or SIGTERM. A `DOMException` named `AbortError`, as every abort
 * reason code checks for, that also says which signal came and the exit
 * code a shell expects for it.
 */
export class Interrupted extends DOMException {
  /** The signal received. */
  readonly signal: InterruptSignal;
  /** The conventional exit code for it: 128 + its number (130, 143). */
  readonly exitCode: number;

  constructor(signal: InterruptSignal) {
    super(`interrupted by ${signal}`, 'AbortError');
    this.signal = signal;
    this.exitCode = exitCodeFor(signal);
  }
}

/** 128 + the signal's number: what a shell reports for a process a signal ended. */
export function exitCodeFor(signal: InterruptSignal): number {
  return 128 + constants.signals[signal];
}
