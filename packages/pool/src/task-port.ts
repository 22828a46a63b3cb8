// Worker side of a task that talks with its caller: the port it is handed.

/**
 * What a task opened with {@link ExecutorPool.open} gets as its last argument
 * (its driver's third): its end of the conversation with the caller.
 * Messages cross as the task's arguments do (structured clone; a thread can
 * move `ArrayBuffer`s instead of copying them), in the order sent.
 *
 * @example
 * ```ts
 * import type { TaskPort } from '@aiox/pool';
 * // Shipped to a worker by ExecutorPool#open: reports progress, then answers.
 * const count = (n: number, port: TaskPort): number => {
 *   for (let i = 1; i <= n; i++) if (i % 1000 === 0) port.send(i / n);
 *   return n;
 * };
 * ```
 */
export interface TaskPort {
  /**
   * Sends `message` to the caller's `onMessage`. Throws a `TypeError` (from
   * the serializer) when it cannot be copied. Once the task has settled,
   * messages are dropped.
   */
  send(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  /**
   * Calls `listener` with each message the caller sends (one listener; a
   * second call replaces it). Messages that came before it was set are
   * handed to it at once, in order.
   */
  onMessage(listener: (message: unknown) => void): void;
}

/** The worker's port of one call, and the session's ways to feed and close it. */
export interface OpenPort {
  readonly port: TaskPort;
  deliver(message: unknown): void;
  close(): void;
}

export function openPort(post: (message: unknown, transfer?: readonly ArrayBuffer[]) => void): OpenPort {
  let listener: ((message: unknown) => void) | undefined;
  let early: unknown[] | undefined = [];
  let closed = false;
  const port: TaskPort = {
    send(message, transfer) {
      if (!closed) post(message, transfer);
    },
    onMessage(next) {
      if (typeof next !== 'function') throw new TypeError(`listener must be a function (received ${typeof next})`);
      listener = next;
      const waiting = early;
      early = undefined;
      for (const message of waiting ?? []) next(message);
    },
  };
  return {
    port,
    deliver(message) {
      if (closed) return;
      if (listener === undefined) early?.push(message);
      else listener(message);
    },
    close() {
      closed = true;
      early = undefined;
    },
  };
}
