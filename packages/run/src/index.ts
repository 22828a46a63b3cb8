/**
 * The program's entrypoint for async Node programs, and a truly synchronous
 * bridge to async code.
 *
 * @packageDocumentation
 */
import type { ModuleTask } from '@aiox/pool/ship';
import { type DecoratorOptions, decorate } from './decorator/run-decorator';
import { type Main, type RunOptions, startRun } from './run';

export type { DecoratorOptions } from './decorator/run-decorator';
export { Interrupted, type InterruptSignal } from './interrupted';
export type { Main, RunOptions } from './run';

/**
 * Runs `main` as the program's entrypoint, as Python's `asyncio.run` does,
 * and settles with its outcome.
 *
 * - Keeps the process alive while main is pending, even when main waits only
 *   on its signal.
 * - SIGINT and SIGTERM abort the `AbortSignal` handed to main, with an
 *   {@link Interrupted} reason that names the signal; a second one ends the
 *   process at once with the conventional code (130, 143). When main is a
 *   promise, nothing can hear the first, so it ends the process. The
 *   handlers are removed when main settles.
 * - A signal that arrives while the main thread is blocked (a
 *   `runDecorator` call, a synchronous loop) is never lost: it comes through
 *   once the thread is free; if main has settled by then, the process exits
 *   with the signal's code. A blocked `runDecorator` call gives way to
 *   SIGINT at once, throwing main's abort reason; SIGTERM, which no thread
 *   can see then, comes through when the call returns.
 * - On failure it prints the error with its `cause` chain to stderr and sets
 *   `process.exitCode = 1` (130 or 143 when main rejects with the
 *   signal's reason: one line, no stack), never calling `process.exit()`,
 *   so no output is cut short. The returned promise is marked handled: an
 *   unawaited `run(main)` is never an unhandled rejection (call it as a
 *   statement; `await run(main)` at a module's top level lets Node report a
 *   failure a second time).
 * - When main settles, the pools of `@aiox/pool` that started meanwhile are
 *   shut down, so the process exits promptly; a program that never uses a
 *   pool never loads it.
 * - `debug: true` reports each stall of the event loop over 100 ms on
 *   stderr, with its duration, until main settles.
 *
 * @param main - a function of the signal (called at once), or a promise.
 * @throws TypeError for a `main` that is neither, or malformed options.
 *
 * @example
 * ```ts
 * import { run } from '@aiox/run';
 * run(async (signal) => {
 *   const response = await fetch('https://example.com', { signal });
 *   console.log(response.status);
 * });
 * ```
 */
export function run<T>(main: Main<T>, options?: RunOptions): Promise<T> {
  return startRun(main, options);
}

/**
 * Makes a synchronous function of an async one: each call blocks the calling
 * thread until `fn`, run in a worker thread of its own, settles, then returns
 * its value or throws its error (same built-in class, message, stack and own
 * properties, as `inThread` rejects).
 *
 * `fn` is shipped as for `inThread`: a self-contained function by its source,
 * or a module's export named with `moduleTask` (its arguments and result
 * type-checked). Arguments and the result are structured-cloned. The worker
 * starts on the first call, stays for the next ones, and never keeps the
 * process alive. It sleeps in `Atomics.wait` (no polling). A worker that dies
 * (exit, uncaught error, out of memory) makes the call throw an error that
 * says how (`code: 'ERR_AIOX_WORKER_DIED'`) and is replaced; an uncaught
 * error between calls is reported on stderr, and the next call runs on a
 * fresh worker (the state kept in the old one is lost); `timeout` bounds
 * a call. Called from inside its own worker it throws instead of waiting for
 * itself. Under {@link run}, a SIGINT makes a blocked call throw main's abort
 * reason (and ends its worker).
 *
 * For code that must stay synchronous (a config loader, a sync plugin hook);
 * everywhere else, await the async function.
 *
 * @throws TypeError for a function that cannot be shipped, or bad options.
 *
 * @example
 * ```ts
 * import { runDecorator } from '@aiox/run';
 * const readJson = runDecorator(async (path: string) => {
 *   const { readFile } = await import('node:fs/promises');
 *   return JSON.parse(await readFile(path, 'utf8')) as { name: string };
 * });
 * console.log(readJson('package.json').name); // no await
 * ```
 */
export function runDecorator<A extends unknown[], R>(fn: ModuleTask<A, R>, options?: DecoratorOptions): (...args: A) => Awaited<R>;
export function runDecorator<A extends unknown[], R>(fn: (...args: A) => R | PromiseLike<R>, options?: DecoratorOptions): (...args: A) => R;
export function runDecorator(fn: unknown, options?: DecoratorOptions): (...args: unknown[]) => unknown {
  return decorate(fn, options);
}
