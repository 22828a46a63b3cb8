import { assertInteger, assertOptions, assertSignal, describeValue } from '@aiox/internal';
import { CPU_CORES, type ExecutorPool } from './executor-pool';
import { shippableSource, shippedAs } from './ship-function';

/**
 * Options of `mapInThreads` and `mapInProcesses`.
 *
 * @example
 * ```ts
 * import { mapInThreads } from '@aiox/pool';
 * const controller = new AbortController();
 * const out = await mapInThreads((x: number) => x + 1, Array.from({ length: 100_000 }, (_, i) => i), {
 *   chunkSize: 1000,
 *   workers: 2,
 *   signal: controller.signal,
 * });
 * ```
 */
export interface MapOptions {
  /**
   * Items per task, an integer >= 1. Default: enough chunks for about four
   * per worker (so a slow chunk does not leave the others idle at the end),
   * at most 4096 items each.
   */
  readonly chunkSize?: number | undefined;
  /**
   * Most chunks running at once, an integer >= 1. Default: `CPU_CORES` (CPU
   * work gains nothing from more), or the pool's `maxWorkers` when lower.
   */
  readonly workers?: number | undefined;
  /** Aborting it rejects with `signal.reason` and aborts the chunks still running or queued. */
  readonly signal?: AbortSignal | undefined;
}

/** Caps the default chunk: a chunk's items and results cross in one message. */
export const MAX_DEFAULT_CHUNK = 4096;

const CHUNKS_PER_WORKER = 4;

// The chunk runner, by `fn`: built once, so the pool ships (and each worker
// compiles) the same source text for every chunk.
const runners = new WeakMap<Function, ChunkRunner>();
type ChunkRunner = (items: unknown[], start: number) => Promise<unknown[]>;

/**
 * A self-contained function that runs `fn` over one chunk, in order, awaiting
 * only what is a promise (an await per item would cost a microtask each). A
 * failing item's error carries its index in the whole input.
 *
 * `fn`'s source is the argument of the outer arrow, so the worker evaluates
 * it in the global scope: it sees none of the loop's names (`items`, `out`,
 * `i`...), and `i += 1` in it cannot touch the loop. The loop is still
 * compiled once per `fn` per worker, with `fn` as its one callee.
 */
function runnerFor(fn: Function): ChunkRunner {
  let runner = runners.get(fn);
  if (runner !== undefined) return runner;
  runner = shippedAs(
    // One try around the loop, not one per item. Results are pushed into a
    // fresh array, which stays packed: V8 serializes a packed array of
    // numbers on a fast path, and a holey one (\`new Array(n)\`, or the
    // deserialized items written in place) item by item, at twice the cost.
    `((fn) => async (items, start) => {
  const out = [];
  let i = 0;
  try {
    for (; i < items.length; i++) {
      let value = fn(items[i], start + i);
      if (value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function') value = await value;
      out.push(value);
    }
  } catch (error) {
    if (error !== null && typeof error === 'object' && Object.isExtensible(error)) error.index = start + i;
    throw error;
  }
  return out;
})(${shippableSource(fn)})`,
  ) as unknown as ChunkRunner;
  runners.set(fn, runner);
  return runner;
}

/**
 * Maps `items` through `fn` on `pool`, a chunk of items per task, keeping
 * order; rejects with the first error (its `index` says which item) and
 * aborts the other chunks.
 */
export async function mapInPool<T, R>(
  pool: ExecutorPool,
  fn: (item: T, index: number) => R,
  items: Iterable<T>,
  options?: MapOptions,
): Promise<Awaited<R>[]> {
  const runner = runnerFor(checkFn(fn));
  if (items === null || typeof (items as Partial<Iterable<T>> | undefined)?.[Symbol.iterator] !== 'function') {
    throw new TypeError(`items must be an iterable (received ${describeValue(items)})`);
  }
  assertOptions('options', options);
  if (options?.chunkSize !== undefined) assertInteger('chunkSize', options.chunkSize, 1);
  if (options?.workers !== undefined) assertInteger('workers', options.workers, 1);
  assertSignal('options.signal', options?.signal);
  const signal = options?.signal;
  signal?.throwIfAborted();
  const list = Array.isArray(items) ? (items as readonly T[]) : Array.from(items);
  if (list.length === 0) return [];
  pool.initialize();
  const workers = options?.workers ?? Math.min(CPU_CORES, pool.pool.options.maxThreads);
  const size = options?.chunkSize ?? Math.min(MAX_DEFAULT_CHUNK, Math.ceil(list.length / (workers * CHUNKS_PER_WORKER)));
  const results = await runChunks(pool, runner, list, size, Math.min(workers, Math.ceil(list.length / size)), signal);
  return results as Awaited<R>[];
}

function checkFn(fn: unknown): Function {
  // Same checks and messages as inThread's.
  shippableSource(fn);
  return fn as Function;
}

/** Runs the chunks, at most `workers` at once, and settles on the first failure. */
function runChunks(
  pool: ExecutorPool,
  runner: ChunkRunner,
  list: readonly unknown[],
  size: number,
  workers: number,
  signal: AbortSignal | undefined,
): Promise<unknown[]> {
  const results = new Array<unknown>(list.length);
  const controller = new AbortController();
  let next = 0;
  let active = 0;
  let settled = false;
  return new Promise<unknown[]>((resolve, reject) => {
    const finish = (error?: unknown, failed = false): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (!failed) return resolve(results);
      // The chunks still running or queued reject with this reason: heard below.
      controller.abort(error);
      reject(error);
    };
    const onAbort = (): void => finish(signal?.reason, true);
    signal?.addEventListener('abort', onAbort, { once: true });
    const launch = (): void => {
      while (!settled && active < workers && next < list.length) {
        const start = next;
        next = Math.min(list.length, start + size);
        active++;
        pool.call(runner, [list.slice(start, next) as unknown[], start], { signal: controller.signal }).then(
          (values) => {
            active--;
            for (let i = 0; i < values.length; i++) results[start + i] = values[i];
            if (active === 0 && next >= list.length) finish();
            else launch();
          },
          (error: unknown) => finish(error, true),
        );
      }
    };
    launch();
  });
}
