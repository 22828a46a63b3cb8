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
  /**
   * Aborting it ends the generator with its worker (which the pool
   * replaces): a pending `next()`, or the next one asked, rejects with
   * `signal.reason` (values read ahead and not yet taken are dropped).
   * `undefined` is the same as leaving it out.
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * Read-ahead mode: the worker runs ahead of the consumer and sends values
   * in batches of up to `batchSize` (a batch also leaves once it has waited
   * ~10 ms for more), for streaming many small values fast. Without it
   * (the default), values are produced one by one as they are asked for.
   * `undefined` is the same as leaving it out.
   */
  readonly batchSize?: number | undefined;
  /**
   * Read-ahead mode: the most batches the worker may send before the
   * consumer has taken them (default 2). With `batchSize`, this bounds the
   * values held in memory for a slow consumer: `batchSize * readAhead`.
   * `undefined` is the same as leaving it out.
   */
  readonly readAhead?: number | undefined;
}

const DEFAULT_READ_AHEAD = 2;

/**
 * `more` checked and laid over `bound`. An option given as `undefined` is one
 * left out: it keeps what was bound before (`{ signal: maybeSignal }` must not
 * unbind a signal).
 */
export function mergeOptions(bound: GenerateOptions, more: unknown): GenerateOptions {
  assertOptions('options', more);
  const given = (more ?? {}) as GenerateOptions;
  assertSignal('options.signal', given.signal);
  if (given.batchSize !== undefined) assertInteger('options.batchSize', given.batchSize, 1);
  if (given.readAhead !== undefined) assertInteger('options.readAhead', given.readAhead, 1);
  return {
    signal: given.signal ?? bound.signal,
    batchSize: given.batchSize ?? bound.batchSize,
    readAhead: given.readAhead ?? bound.readAhead,
  };
}

export function driveMode(options: GenerateOptions, runtime: WireRuntime): DriveMode {
  const readAhead = options.readAhead ?? DEFAULT_READ_AHEAD;
  return options.batchSize === undefined ? { readAhead, runtime } : { batchSize: options.batchSize, readAhead, runtime };
}
