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
 * import { collect, generateInThread, inProcess, RateLimiter, Semaphore } from 'aiox';
 * const squares = await collect([1, 2, 3].map((n) => () => inProcess((x: number) => x * x, n)));
 * ```
 * @packageDocumentation
 */
// The same three lines as universal.ts, not `export * from './universal'`:
// bundled, a star re-export of a star re-export becomes a runtime copy that
// neither `import { x }` from ESM nor tree-shaking can see through.
export * from '@aiox/collect';
export * from '@aiox/semaphore';
export * from '@aiox/rate-limit';
export * from '@aiox/pool';
export * from '@aiox/generate';
