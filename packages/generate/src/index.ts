/**
 * Generators that run in a worker thread or a child process and stream
 * their values back.
 *
 * @packageDocumentation
 */
import { PROCESS_POOL, THREAD_POOL } from '@aiox/pool';
import { type InPoolGenerator, poolGenerator } from './in-pool-generator';

export type { GeneratorSource, InPoolGenerator, Produced } from './in-pool-generator';
export type { GenerateOptions } from './options';

/**
 * Runs `generatorFn(...args)` on a worker thread of `THREAD_POOL` and
 * returns an async generator of its values, in order. The event loop stays
 * free while a blocking generator (a directory walk, a file parser, a
 * database cursor) runs.
 *
 * - The function is shipped as for `inThread`: self-contained, by its source
 *   text, or a module's export named with `moduleTask`. It may be a
 *   generator function, an async one, or any function that returns an
 *   iterable (an array, a Map, a Set) or a promise of one.
 * - The full protocol crosses: `next(v)` hands `v` to the generator's
 *   `yield`; `return()` (and a `break` out of `for await`) finishes it in
 *   the worker, so its `finally` blocks run there; `throw(e)` throws `e`
 *   (same class and message) at its `yield`. Its error reaches the consumer
 *   with its class, message and stack.
 * - Lazy by default: each value is produced when asked for (an infinite
 *   generator is fine), one round trip a value. For many small values, set
 *   `batchSize` with `.with()`: the worker then runs ahead by at most
 *   `batchSize * readAhead` values and sends them in batches (in that mode
 *   `next(v)` with a value rejects with a `TypeError`, buffered values or
 *   not, and `throw`/`return` drop the values read ahead).
 * - A yielded value that cannot be copied to the caller (a function, a
 *   symbol...) rejects `next()` after every value yielded before it, with a
 *   `TypeError` naming its position (`the value yielded at position 7 is a
 *   function...`); the generator is finished first, so its `finally` runs.
 * - The generator holds its worker from the first `next()` until it ends:
 *   as many generators at once as the pool has workers, and a call waits
 *   for a free one. While the consumer is not waiting on it, it does not
 *   keep the process alive: when nothing else does, or when the generator
 *   object is garbage-collected unfinished, it is finished in its worker
 *   (`finally` runs) and the worker goes back to the pool.
 * - An abort of `options.signal` ends it with its worker (a pending
 *   `next()`, or the next one asked, rejects with `signal.reason`; values
 *   read ahead are dropped); a worker that dies mid-stream
 *   rejects the pending `next()` with how it died, and is replaced.
 *
 * @throws TypeError when `generatorFn` is not a function or module task.
 *   A function that cannot be shipped (bound, native, a class) rejects the
 *   first `next()`.
 *
 * @example
 * ```ts
 * import { generateInThread } from '@aiox/generate';
 * const walk = generateInThread(function* (root: string) {
 *   const { readdirSync } = process.getBuiltinModule('node:fs');
 *   const pending = [root];
 *   while (pending.length > 0) {
 *     const dir = pending.pop() as string;
 *     for (const entry of readdirSync(dir, { withFileTypes: true })) {
 *       const path = `${dir}/${entry.name}`;
 *       if (entry.isDirectory()) pending.push(path);
 *       else yield path;
 *     }
 *   }
 * }, '/usr/share/doc');
 * for await (const path of walk) console.log(path);
 * ```
 */
export const generateInThread: InPoolGenerator = poolGenerator(THREAD_POOL);

/**
 * {@link generateInThread} in a child process of `PROCESS_POOL`: same
 * rules, values copied over IPC (structured clone), and a crash or
 * `process.exit` of the generator isolated in its process.
 *
 * @example
 * ```ts
 * import { generateInProcess } from '@aiox/generate';
 * const lines = generateInProcess.with({ batchSize: 256 })(function* (count: number) {
 *   for (let i = 0; i < count; i++) yield `line ${i} from ${process.pid}`;
 * }, 1000);
 * for await (const line of lines) console.log(line);
 * ```
 */
export const generateInProcess: InPoolGenerator = poolGenerator(PROCESS_POOL);
