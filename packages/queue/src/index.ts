/**
 * `@aiox/queue`: a long-lived priority queue for async work that arrives
 * over time, with a concurrency bound settable at run time, pause and
 * resume, a per-task `timeout` and `AbortSignal`, a queue-wide signal, and
 * events on `EventTarget`. What p-queue is for, without its costs. No
 * runtime dependency; runs in Node, browsers, Deno and Bun.
 *
 * The documentation of each export sits on its declaration, where editors
 * and the published `.d.ts` show it.
 *
 * @example
 * ```ts
 * const queue = new Queue({ concurrency: 8 });
 * const page = await queue.add(async (signal) => 'page', { priority: 10, timeout: 5000 });
 * console.log(page); // page
 * ```
 * @packageDocumentation
 */
export type { QueueEventMap, QueueListener, ListenerOptions } from './events';
export type { AddOptions, QueueOptions } from './options';
export { Queue } from './queue';
export type { QueueTask } from './task-entry';
