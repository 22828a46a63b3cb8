/**
 * aiox: the umbrella package. Every export of every `@aiox/*` package, so one
 * install gives the whole toolkit. Each package is `"sideEffects": false`, so
 * a bundler keeps only what you import: `import { Semaphore } from 'aiox'`
 * bundles the semaphore and nothing else.
 *
 * @example
 * ```ts
 * import { collect, Semaphore, RateLimiter } from 'aiox';
 * ```
 * @packageDocumentation
 */
export * from '@aiox/collect';
export * from '@aiox/semaphore';
export * from '@aiox/rate-limit';
