import { describeValue } from '@aiox/internal';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';

// A registered symbol, not a class: the ESM and CJS builds of this package may
// both be loaded in one process, and a handle made by one must work in the other.
const BRAND: unique symbol = Symbol.for('@aiox/pool.ModuleTask') as never;

/**
 * A function exported by a module, to run in a worker with that module's
 * imports. `A` and `R` are the export's parameters and return type, so
 * `inThread(handle, ...args)` is type-checked like a direct call. Made by
 * `moduleTask` or `taskModule(...).task`; a frozen plain object, so it can be
 * kept in a constant and shared.
 *
 * @example
 * ```ts
 * import { inThread, moduleTask, type ModuleTask } from '@aiox/pool';
 * const hash: ModuleTask<[data: Uint8Array, rounds: number], string> =
 *   moduleTask<(data: Uint8Array, rounds: number) => string>('/srv/app/tasks.js', 'hash');
 * console.log(hash.module, hash.exportName); // file:///srv/app/tasks.js hash
 * ```
 */
export interface ModuleTask<A extends unknown[], R> {
  /** The module's `file:` URL, as the worker imports it. */
  readonly module: string;
  /** The name of the export. */
  readonly exportName: string;
  /**
   * Type only, never set: the export's signature, which carries `A` and `R`
   * to the call site.
   */
  readonly '~signature'?: (...args: A) => R;
}

/**
 * The names of the function exports of module type `M`: what
 * `TaskModule#task` accepts.
 *
 * @example
 * ```ts
 * import type { FunctionExports } from '@aiox/pool';
 * type Names = FunctionExports<{ hash(s: string): string; version: string }>; // 'hash'
 * ```
 */
export type FunctionExports<M> = {
  [K in keyof M]-?: M[K] extends (...args: never[]) => unknown ? K : never;
}[keyof M] &
  string;

/**
 * The handle of a function of type `F` (`never` when `F` is not a function).
 * The last signature of an overloaded function is the one kept, and a
 * generic function's type parameters become `unknown`.
 *
 * @example
 * ```ts
 * import type { ModuleTaskFor } from '@aiox/pool';
 * type Hash = ModuleTaskFor<(s: string) => Promise<string>>; // ModuleTask<[s: string], Promise<string>>
 * ```
 */
export type ModuleTaskFor<F> = F extends (...args: infer A) => infer R ? ModuleTask<A, R> : never;

/**
 * The handle of export `K` of module type `M`.
 *
 * @example
 * ```ts
 * import type { ModuleTaskOf } from '@aiox/pool';
 * type Hash = ModuleTaskOf<{ hash(s: string): string }, 'hash'>; // ModuleTask<[s: string], string>
 * ```
 */
export type ModuleTaskOf<M, K extends keyof M> = ModuleTaskFor<M[K]>;

/**
 * A module named by `taskModule`: hands out typed handles of its function
 * exports.
 *
 * @example
 * ```ts
 * import { inThread, taskModule } from '@aiox/pool';
 * const tasks = taskModule<{ add(a: number, b: number): number }>(new URL('./math.js', import.meta.url));
 * console.log(await inThread(tasks.task('add'), 2, 3)); // 5
 * ```
 */
export interface TaskModule<M> {
  /** The module's `file:` URL. */
  readonly module: string;
  /** The handle of the export `name`, typed from `M`. */
  task<K extends FunctionExports<M>>(name: K): ModuleTaskOf<M, K>;
}

/**
 * Where a module is: a `file:` `URL`, a `file:` URL string, or an absolute
 * path. Not a relative path: relative to what would be a guess, since a
 * worker does not know the caller's directory.
 *
 * @example
 * ```ts
 * import type { ModuleLocation } from '@aiox/pool';
 * const where: ModuleLocation = new URL('./tasks.js', import.meta.url);
 * ```
 */
export type ModuleLocation = URL | string;

/** Host side: makes a handle. Checks its arguments at once. */
export function createModuleTask<F>(module: ModuleLocation, exportName: string): ModuleTaskFor<F> {
  const href = moduleHref(module);
  if (typeof exportName !== 'string' || exportName === '') {
    throw new TypeError(`exportName must be a non-empty string (received ${describeValue(exportName)})`);
  }
  return Object.freeze({ module: href, exportName, [BRAND]: true }) as unknown as ModuleTaskFor<F>;
}

/** Host side: the module handle of {@link TaskModule}. */
export function createTaskModule<M>(module: ModuleLocation): TaskModule<M> {
  const href = moduleHref(module);
  return Object.freeze({
    module: href,
    task: (name: string) => createModuleTask(href, name),
  }) as unknown as TaskModule<M>;
}

export function isModuleTask(value: unknown): value is ModuleTask<unknown[], unknown> {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}

/**
 * The `file:` URL of a module. A relative path is refused: relative to what
 * would be a guess (the cwd of the worker is not the caller's directory).
 */
function moduleHref(module: unknown): string {
  // By shape too: a URL made in another realm (a vm context) is no `instanceof URL` here.
  if (module instanceof URL || (typeof module === 'object' && module !== null && typeof (module as URL).href === 'string')) {
    const url = new URL((module as URL).href);
    if (url.protocol !== 'file:') {
      throw new TypeError(`module must be a file: URL (received ${url.href}): a worker imports modules from disk`);
    }
    return url.href;
  }
  if (typeof module !== 'string') {
    throw new TypeError(`module must be a URL, a file: URL string or an absolute path (received ${describeValue(module)})`);
  }
  if (module.startsWith('file:')) return new URL(module).href;
  if (isAbsolute(module)) return pathToFileURL(module).href;
  throw new TypeError(
    `module must be a URL, a file: URL string or an absolute path (received ${describeValue(module)}): ` +
      `use new URL(${JSON.stringify(module)}, import.meta.url) to name a module next to the caller`,
  );
}

/**
 * What a pool runs: a self-contained function shipped by its source text, or
 * a {@link ModuleTask}.
 *
 * @example
 * ```ts
 * import { inThread, type PoolFunction } from '@aiox/pool';
 * const double: PoolFunction<[number], number> = (n) => n * 2;
 * console.log(await inThread(double, 21)); // 42
 * ```
 */
export type PoolFunction<A extends unknown[], R> = ((...args: A) => R) | ModuleTask<A, R>;
