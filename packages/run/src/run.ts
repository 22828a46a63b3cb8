import { assertOptions, describeValue, isThenable } from '@aiox/internal';
import { Interrupted } from './interrupted';
import { takeInterrupts } from './interrupts';
import { OwnedPools } from './owned-pools';
import { reportFailure } from './report-failure';
import { stallMessage, watchStalls } from './stall-watch';

/** Options of {@link run}. */
export interface RunOptions {
  /**
   * Reports on stderr each stall of the event loop longer than 100 ms, with
   * its duration, while main is pending (as asyncio's debug mode reports
   * slow callbacks). Default false.
   */
  readonly debug?: boolean | undefined;
}

/** What {@link run} runs: a promise, or a function of the signal that SIGINT and SIGTERM abort. */
export type Main<T> = PromiseLike<T> | ((signal: AbortSignal) => T | PromiseLike<T>);

// Long enough to never fire (setInterval's limit is 2^31 - 1 ms).
const KEEP_ALIVE_MS = 2 ** 30;
const noop = (): void => {};

export function startRun<T>(main: Main<T>, options?: RunOptions): Promise<T> {
  checkArguments(main, options);
  const controller = new AbortController();
  const pools = new OwnedPools();
  // Holds the process while main is pending, even when main waits only on its signal.
  const keepAlive = setInterval(noop, KEEP_ALIVE_MS);
  const stopStalls = options?.debug === true ? watchStalls((ms) => process.stderr.write(stallMessage(ms))) : noop;
  const giveInterruptsBack = takeInterrupts((signal) => {
    controller.abort(new Interrupted(signal));
    return controller.signal.reason;
  }, typeof main === 'function');

  const outcome = (async () => (typeof main === 'function' ? await main(controller.signal) : await main))();
  const settle = (): Promise<void> => {
    clearInterval(keepAlive);
    stopStalls();
    return giveInterruptsBack();
  };
  const settled = outcome.then(
    async (value) => {
      const handlersBack = settle();
      await pools.close();
      await handlersBack;
      return value;
    },
    async (error: unknown) => {
      const handlersBack = settle();
      const interrupted = controller.signal.aborted && (error === controller.signal.reason || error instanceof Interrupted);
      if (interrupted) {
        // Stopping on a signal is the program working as asked: one line, not a stack.
        process.stderr.write(`${(error as Interrupted).message}\n`);
        process.exitCode = (error as Interrupted).exitCode;
      } else {
        reportFailure(error);
        process.exitCode = 1;
      }
      await pools.close();
      await handlersBack;
      throw error;
    },
  );
  // Reported above: a `run(main)` nobody awaits is not an unhandled rejection.
  settled.catch(noop);
  return settled;
}

function checkArguments(main: unknown, options: RunOptions | undefined): void {
  if (typeof main !== 'function' && !isThenable(main)) {
    throw new TypeError(`main must be a function or a promise (received ${describeValue(main)})`);
  }
  assertOptions('options', options);
  if (options?.debug !== undefined && typeof options.debug !== 'boolean') {
    throw new TypeError(`options.debug must be a boolean (received ${describeValue(options.debug)})`);
  }
}
