// Host side of ExecutorPool#open: a running task the caller talks with.
import { CallChannel } from './call-channel';
import { IdleExit } from './errors';
import type { CallOptions } from './call-in-pool';
import { type IdleTask, unwatchIdle, watchIdle } from './idle-exit';
import type { ModuleTask } from './module-task';
import type { Runtime } from './runtime/adapter';

/**
 * A module export that can drive a task: `(fn, args, port, data) => result`,
 * whatever its parameter types.
 *
 * @example
 * ```ts
 * // drivers.js:  export function twice(fn, args) { fn(...args); return fn(...args); }
 * import { moduleTask, type DriverTask } from '@aiox/pool';
 * const twice: DriverTask = moduleTask(new URL('./drivers.js', import.meta.url), 'twice');
 * ```
 */
export type DriverTask = ModuleTask<[fn: never, args: never, port: never, data: never], unknown>;

/**
 * Options of {@link ExecutorPool.open}: those of a call, and the conversation's.
 *
 * @example
 * ```ts
 * import type { OpenOptions } from '@aiox/pool';
 * const options: OpenOptions = { onMessage: (m) => console.log(m), signal: AbortSignal.timeout(5000) };
 * ```
 */
export interface OpenOptions extends CallOptions {
  /** Hears each message the task sends, in order. */
  readonly onMessage?: ((message: unknown) => void) | undefined;
  /**
   * A module's export that runs the function instead of calling it
   * directly: it is called in the worker as `driver(fn, args, port, data)`
   * and its result is the task's. For libraries built on the pool, as
   * `@aiox/generate` is: `fn` may then be any function the driver takes,
   * generator functions included.
   */
  readonly driver?: DriverTask | undefined;
  /** Handed to the driver as its fourth argument (structured-cloned). */
  readonly driverData?: unknown;
  /**
   * Called, once, when the task is unreferenced ({@link OpenedTask.unref})
   * and nothing else keeps the process alive: end the task soon. Without
   * it the task is aborted, and its `result` rejects with an error that
   * says why (not reported as unhandled).
   */
  readonly onIdleExit?: (() => void) | undefined;
}

/**
 * A task running on a worker of its own, with a channel both ways; made by
 * {@link ExecutorPool.open}. Like a Node handle, it keeps the process alive
 * until it settles, unless unreferenced.
 *
 * @example
 * ```ts
 * import { THREAD_POOL, type TaskPort } from '@aiox/pool';
 * const task = THREAD_POOL.open((port: TaskPort) => new Promise((resolve) => port.onMessage(resolve)), []);
 * task.unref(); // a listener that waits for work does not hold the process
 * task.send('go');
 * console.log(await task.result); // 'go'
 * ```
 */
export interface OpenedTask<R> {
  /** Settles as a call's promise does: the task's value or error, how its worker died, or the abort's reason. */
  readonly result: Promise<R>;
  /**
   * Sends `message` to the task's `port.onMessage` (structured clone; a
   * `TypeError` that names the part that cannot be copied otherwise).
   * Messages sent before the task started reach it when it does; after it
   * settled, they are dropped.
   */
  send(message: unknown): void;
  /**
   * While unreferenced, the task alone does not keep the process alive:
   * when nothing else does, it is ended (see `onIdleExit`).
   */
  unref(): this;
  /** Undoes {@link OpenedTask.unref}. */
  ref(): this;
}

type Start = (channel: CallChannel, signal: AbortSignal) => Promise<unknown>;

export function openTask<R>(runtime: Runtime, options: OpenOptions, start: Start): OpenedTask<R> {
  const onMessage = options.onMessage ?? (() => {});
  const channel = new CallChannel(runtime, (message) => onMessage(message));
  const stop = new AbortController();
  const signal = options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]);
  let settled = false;
  const idle: IdleTask = {
    holding: () => channel.holding && !settled,
    end: () => {
      if (options.onIdleExit !== undefined) return options.onIdleExit();
      result.catch(() => {});
      stop.abort(new IdleExit());
    },
  };
  const result = start(channel, signal).finally(() => {
    settled = true;
    unwatchIdle(idle);
  }) as Promise<R>;
  const task: OpenedTask<R> = {
    result,
    send: (message) => {
      if (!settled) channel.send(message);
    },
    unref: () => {
      if (!settled) watchIdle(idle);
      return task;
    },
    ref: () => {
      unwatchIdle(idle);
      return task;
    },
  };
  return task;
}
