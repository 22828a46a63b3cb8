/**
 * `@aiox/semaphore`: `Semaphore` and `BoundedSemaphore` for async code, with
 * a strict first-come, first-served queue, cancellation by `AbortSignal`, and
 * an atomic `acquireMany` that cannot deadlock. No runtime dependency; runs
 * in Node, browsers, Deno and Bun.
 *
 * The documentation of each export sits on its declaration, where editors
 * and the published `.d.ts` show it.
 *
 * @example
 * ```ts
 * const semaphore = new Semaphore(4);
 * await using permit = await semaphore.acquireMany(3); // released at scope end
 * ```
 * @packageDocumentation
 */
export { BoundedSemaphore } from './bounded-semaphore';
export type { Permit } from './permit';
export { Semaphore } from './semaphore';
