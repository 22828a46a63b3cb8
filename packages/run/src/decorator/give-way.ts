// While a run is pending, a blocked runDecorator call gives way to SIGINT.
// The caller sleeps in Atomics.wait, so run's process.on('SIGINT') handler
// cannot run, and no other thread can watch signals (Node delivers them to
// the main thread's event loop only). What can: vm's breakOnSigint, which
// has a thread of Node's own catch SIGINT and stop the JavaScript running
// (Atomics.wait too) with an error we turn into run's abort. SIGTERM has no
// such watch: it comes through once the call returns (see the README).
import { Script } from 'node:vm';
import { Interrupted } from '../interrupted';
import { interruptReceivers } from '../interrupt-receivers';

/**
 * Arming the watch costs about 150 µs (it starts and joins a thread): a
 * call sleeps this long unwatched first, so short calls never pay it. A
 * SIGINT meanwhile is not lost: run's handler gets it once the call returns.
 */
export const ARM_AFTER_MS = 5;

const SLEEP = Symbol.for('aiox.run.watchedSleep');
type Holder = { [SLEEP]?: () => unknown };

const watchedSleep = new Script('globalThis[Symbol.for("aiox.run.watchedSleep")]()', { filename: 'aiox-run-watched-sleep' });

/**
 * `Atomics.wait(state, index, value, ms)`, cut short (to ARM_AFTER_MS past
 * `blockedSince`) while it is unwatched: the caller waits again in a loop.
 * Watched, a SIGINT stops it: `onGiveWay` runs (to end the worker that
 * still runs the call), the pending runs receive the signal (the first
 * aborts main's signal, a second ends the process), and this throws main's
 * abort reason.
 */
export function sleepGivingWay(state: Int32Array, index: number, value: number, ms: number | undefined, blockedSince: number, onGiveWay: () => void): void {
  const receivers = interruptReceivers();
  const unwatched = blockedSince + ARM_AFTER_MS - performance.now();
  if (receivers.size === 0 || unwatched > 0) {
    Atomics.wait(state, index, value, receivers.size === 0 ? ms : Math.min(ms ?? unwatched, unwatched));
    return;
  }
  const holder = globalThis as Holder;
  holder[SLEEP] = () => Atomics.wait(state, index, value, ms);
  try {
    watchedSleep.runInThisContext({ breakOnSigint: true });
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'ERR_SCRIPT_EXECUTION_INTERRUPTED') throw error;
    onGiveWay();
    let reason: unknown;
    for (const receive of [...receivers]) reason ??= receive('SIGINT');
    throw reason ?? new Interrupted('SIGINT');
  } finally {
    delete holder[SLEEP];
  }
}
