/**
 * aiox: the umbrella package. Every export of every `@aiox/*` package, so one
 * install gives the whole toolkit. Each package is `"sideEffects": false`, so
 * a bundler keeps only what you import: `import { Semaphore } from 'aiox'`
 * bundles the semaphore and nothing else. A bundle for the browser resolves
 * `'aiox'` (its `browser` condition) to the universal entry, without the
 * Node packages.
 *
 * @example
 * ```ts
 * import { collect, inProcess, run } from 'aiox';
 * run(async (signal) => {
 *   const squares = await collect([1, 2, 3].map((n) => () => inProcess.with({ signal })((x: number) => x * x, n)));
 *   console.log(squares); // [1, 4, 9]
 * });
 * ```
 * @packageDocumentation
 */
// The same three lines as universal.ts, not `export * from './universal'`:
// bundled, a star re-export of a star re-export becomes a runtime copy that
// neither `import { x }` from ESM nor tree-shaking can see through.
export * from '@aiox/collect';
export * from '@aiox/semaphore';
export * from '@aiox/rate-limit';
export * from '@aiox/queue';
export * from '@aiox/pool';
export * from '@aiox/generate';
export * from '@aiox/run';
export * from '@aiox/redis';
