import { assertOptions, assertSignal, describeValue } from '@aiox/internal';
import type { CallOptions } from './call-in-pool';
import type { ExecutorPool } from './executor-pool';
import type { PoolFunction } from './module-task';

/**
 * The type of `inThread` and `inProcess`: runs a function on a pool. The
 * arguments are `(fn, ...args)`, so options cannot follow them;
 * `.with(options)` binds them instead and returns a caller of the same shape.
 *
 * @example
 * ```ts
 * import { type InPool, inProcess, inThread } from '@aiox/pool';
 * const runner: InPool = process.env['ISOLATE'] ? inProcess : inThread;
 * console.log(await runner.with({ signal: AbortSignal.timeout(1000) })((n: number) => n + 1, 41)); // 42
 * ```
 */
export interface InPool {
  <A extends unknown[], R>(fn: PoolFunction<A, R>, ...args: A): Promise<Awaited<R>>;
  /**
   * The same caller with `options` applied to each call it makes (merged
   * over options bound before): `signal` to cancel, `transfer` and
   * `transferResult` to move buffers instead of copying them (threads). The
   * options object and `signal` are checked at once, so a bad one throws
   * here; `transfer` is checked against each call's arguments when it starts.
   *
   * @example
   * ```ts
   * import { inThread } from '@aiox/pool';
   * const bytes = new Uint8Array(1 << 20);
   * const sum = await inThread.with({ signal: AbortSignal.timeout(5000), transfer: [bytes] })(
   *   (data: Uint8Array) => data.reduce((a, b) => a + b, 0),
   *   bytes,
   * );
   * ```
   */
  with(options: CallOptions): InPool;
}

export function poolCaller(pool: ExecutorPool, options: CallOptions = {}): InPool {
  const call = <A extends unknown[], R>(fn: PoolFunction<A, R>, ...args: A): Promise<Awaited<R>> =>
    pool.call(fn, args, options);
  const bind = (more: CallOptions): InPool => {
    assertOptions('options', more);
    assertSignal('options.signal', more?.signal);
    // Its items are checked against each call's arguments, when it starts.
    if (more?.transfer !== undefined && !Array.isArray(more.transfer)) {
      throw new TypeError(
        `options.transfer must be an array of ArrayBuffers, views or MessagePorts (received ${describeValue(more.transfer)})`,
      );
    }
    return poolCaller(pool, mergeOptions(options, more));
  };
  return Object.assign(call, { with: bind });
}

/** `more` over `bound`, where an option given as `undefined` counts as not given: it keeps the bound one. */
function mergeOptions(bound: CallOptions, more: CallOptions | undefined): CallOptions {
  const merged: Record<string, unknown> = { ...bound };
  for (const [key, value] of Object.entries(more ?? {})) if (value !== undefined) merged[key] = value;
  return merged as CallOptions;
}
