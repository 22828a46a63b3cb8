import { describeValue } from '@aiox/internal';
import { type ExecutorPool, moduleTask, type ModuleTask } from '@aiox/pool';
import { driverUrl } from './driver-file';
import { driveMode, type GenerateOptions, mergeOptions } from './options';
import { RemoteGenerator } from './remote-generator';

/**
 * What a function run by `generateInThread` may return: any (async) iterator or iterable.
 *
 * @example
 * ```ts
 * import type { Produced } from '@aiox/generate';
 * const rows: Produced<string> = new Set(['a', 'b']);
 * ```
 */
export type Produced<Y, S = unknown> = Iterator<Y, unknown, S> | Iterable<Y> | AsyncIterator<Y, unknown, S> | AsyncIterable<Y>;

/**
 * A function `generateInThread` runs: a generator function (or any function
 * that returns an iterable, or a promise of one), self-contained and shipped
 * by its source text, or a module's export named with `moduleTask`.
 *
 * @example
 * ```ts
 * import type { GeneratorSource } from '@aiox/generate';
 * const countdown: GeneratorSource<[from: number], number> = function* (from) {
 *   for (let i = from; i > 0; i--) yield i;
 * };
 * ```
 */
export type GeneratorSource<A extends unknown[], Y, S = unknown> =
  | ((...args: A) => Produced<Y, S> | PromiseLike<Produced<Y, S>>)
  | ModuleTask<A, Produced<Y, S> | PromiseLike<Produced<Y, S>>>;

/**
 * The type of `generateInThread` and `generateInProcess`: runs a generator on
 * a pool, and `.with(options)` binds options.
 *
 * @example
 * ```ts
 * import { generateInProcess, generateInThread, type InPoolGenerator } from '@aiox/generate';
 * const generate: InPoolGenerator = process.env['ISOLATE'] ? generateInProcess : generateInThread;
 * for await (const n of generate(function* (to: number) { for (let i = 0; i < to; i++) yield i; }, 3)) console.log(n);
 * ```
 */
export interface InPoolGenerator {
  <A extends unknown[], Y, S = unknown>(generatorFn: GeneratorSource<A, Y, S>, ...args: A): AsyncGenerator<Y, void, S>;
  /**
   * The same function with `options` applied (merged over options bound
   * before); checked at once.
   *
   * @example
   * ```ts
   * import { generateInThread } from '@aiox/generate';
   * const batched = generateInThread.with({ batchSize: 1024, readAhead: 4 });
   * let sum = 0;
   * for await (const n of batched(function* () { for (let i = 0; i < 1e6; i++) yield i; })) sum += n;
   * ```
   */
  with(options: GenerateOptions): InPoolGenerator;
}

let driver: ModuleTask<[never, never, never, never], unknown> | undefined;

export function poolGenerator(pool: ExecutorPool, options: GenerateOptions = {}): InPoolGenerator {
  const generate = <A extends unknown[], Y, S>(generatorFn: GeneratorSource<A, Y, S>, ...args: A): AsyncGenerator<Y, void, S> => {
    if (typeof generatorFn !== 'function' && !isModuleHandle(generatorFn)) {
      throw new TypeError(
        `generatorFn must be a function or a module's export named with moduleTask() (received ${describeValue(generatorFn)})`,
      );
    }
    driver ??= moduleTask(driverUrl(), 'driveGenerator');
    const mode = driveMode(options, pool.runtime);
    return new RemoteGenerator<Y, S>({ pool, fn: generatorFn, args, mode, driver, signal: options.signal });
  };
  const bind = (more: GenerateOptions): InPoolGenerator => poolGenerator(pool, mergeOptions(options, more));
  return Object.assign(generate, { with: bind });
}

function isModuleHandle(value: unknown): boolean {
  const handle = value as Partial<ModuleTask<never, unknown>> | null;
  return typeof handle === 'object' && handle !== null && typeof handle.module === 'string' && typeof handle.exportName === 'string';
}
