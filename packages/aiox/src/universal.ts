/**
 * aiox for every runtime: the universal packages (`@aiox/collect`,
 * `@aiox/semaphore`, `@aiox/rate-limit`, `@aiox/queue`), which import nothing from Node.
 * Bundlers that resolve the `browser` condition get this entry for `'aiox'`.
 *
 * @example
 * ```ts
 * import { collect, Semaphore } from 'aiox'; // in a browser bundle
 * const sockets = new Semaphore(4);
 * const pages = await collect(['/a', '/b'].map((url) => async () => {
 *   await sockets.acquire();
 *   try { return await (await fetch(url)).text(); } finally { sockets.release(); }
 * }), { workers: 8 });
 * ```
 * @packageDocumentation
 */
export * from '@aiox/collect';
export * from '@aiox/semaphore';
export * from '@aiox/rate-limit';
export * from '@aiox/queue';
