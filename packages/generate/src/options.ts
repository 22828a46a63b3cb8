import { assertInteger, assertOptions, assertSignal } from '@aiox/internal';
import type { WireRuntime } from '@aiox/pool/wire';
import type { DriveMode } from './protocol';

/**
 * Options of a generator run in a worker, bound with
 * `generateInThread.with(options)`.
 *
 * @example
 * ```ts
 * import { generateInThread, type GenerateOptions } from '@aiox/generate';
 * const fast: GenerateOptions = { batchSize: 1024, signal: AbortSignal.timeout(10_000) };
 * for await (const n of generateInThread.with(fast)(function* () { for (let i = 0; i < 1e6; i++) yield i; })) void n;
 * ```
 */
export interface GenerateOptions {
  /** Aborting it ends the generator with its worker (which the pool replaces); a pending `next()` rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
  /**
   * Read-ahead mode: the worker runs ahead of the consumer and sends values
   * in batches of up to `batchSize` (a batch also leaves once it has waited
   * ~10 ms for more), for streaming many small values fast. Without it
   * (the default), values are produced one by one as they are asked for.
   */
  readonly batchSize?: number;
  /**
   * Read-ahead mode: the most batches the worker may send before the
   * consumer has taken them (default 2). With `batchSize`, this bounds the
   * values held in memory for a slow consumer: `batchSize * readAhead`.
   */
  readonly readAhead?: number;
}

const DEFAULT_READ_AHEAD = 2;

export function checkOptions(options: unknown): GenerateOptions {
  assertOptions('options', options);
  const given = (options ?? {}) as GenerateOptions;
  assertSignal('options.signal', given.signal);
  if (given.batchSize !== undefined) assertInteger('options.batchSize', given.batchSize, 1);
  if (given.readAhead !== undefined) assertInteger('options.readAhead', given.readAhead, 1);
  return given;
}

export function driveMode(options: GenerateOptions, runtime: WireRuntime): DriveMode {
  const readAhead = options.readAhead ?? DEFAULT_READ_AHEAD;
  return options.batchSize === undefined ? { readAhead, runtime } : { batchSize: options.batchSize, readAhead, runtime };
}
