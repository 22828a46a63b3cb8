import { assertInteger, assertOptions, assertSignal, describeValue } from '@aiox/internal';

/** Default number of workers, as in the Python original. */
export const DEFAULT_WORKERS = 1024;

export interface ParsedOptions {
  readonly workers: number;
  readonly greediness: number;
  readonly signal: AbortSignal | undefined;
  readonly stopOnError: boolean;
}

interface RawOptions {
  workers?: unknown;
  workerGreediness?: unknown;
  signal?: unknown;
  stopOnError?: unknown;
}

/**
 * Reads and checks the options of `collect` and `resolve`. Each property is
 * read once, so a getter cannot pass the check and then change its answer.
 * `workerGreediness` is only read when the caller accepts it.
 */
export function parseOptions(options: unknown, withGreediness: boolean): ParsedOptions {
  assertOptions('options', options);
  if (options === undefined) return { workers: DEFAULT_WORKERS, greediness: 0, signal: undefined, stopOnError: true };
  const raw = options as RawOptions;
  const { workers = DEFAULT_WORKERS, signal, stopOnError = true } = raw;
  // Infinity is no bound, as p-map and p-limit take it; every loop compares
  // with workers, so it needs no case of its own.
  if (workers !== Infinity) assertInteger('workers', workers, 1);
  let greediness: unknown = 0;
  if (withGreediness) {
    ({ workerGreediness: greediness = 0 } = raw);
    assertInteger('workerGreediness', greediness, 0);
  }
  assertSignal('signal', signal);
  if (typeof stopOnError !== 'boolean') {
    throw new TypeError(`stopOnError must be a boolean (received ${describeValue(stopOnError)})`);
  }
  return { workers: workers as number, greediness: greediness as number, signal, stopOnError };
}
