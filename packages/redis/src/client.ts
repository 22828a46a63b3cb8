/**
 * The part of an ioredis client this package uses, spelled out rather than
 * imported, so that the typings do not need ioredis installed. An ioredis
 * `Redis` (v5 or v6) is one; so is anything else with these methods.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import type { RedisClient } from '@aiox/redis';
 *
 * const client: RedisClient = new Redis('redis://127.0.0.1:6379');
 * ```
 */
export interface RedisClient {
  /** Runs a cached Lua script by its SHA1 (rejects with NOSCRIPT when Redis does not have it). */
  evalsha(sha: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
  /** Runs a Lua script, caching it in Redis. */
  eval(script: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
  /** A second connection with the same options, for pub/sub while something waits. */
  duplicate(): RedisSubscriberClient;
  /** `"end"`: the client was closed for good; the pub/sub connection then closes too. */
  on(event: 'end', listener: () => void): unknown;
  /** Removes the `"end"` listener. */
  off(event: 'end', listener: () => void): unknown;
  /** The connection state: "ready", "connecting", "reconnecting", "end", … (used in error messages). */
  readonly status: string;
  /** Where it connects (for error messages) and the prefix it puts on keys (applied to the pub/sub channel too). */
  readonly options: {
    /** Host name. */
    readonly host?: string | undefined;
    /** TCP port. */
    readonly port?: number | undefined;
    /** Unix socket path, instead of host and port. */
    readonly path?: string | undefined;
    /** ioredis's `keyPrefix`. */
    readonly keyPrefix?: string | undefined;
  };
}

/**
 * What the pub/sub connection made by {@link RedisClient.duplicate} must do.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import type { RedisSubscriberClient } from '@aiox/redis';
 *
 * const subscriber: RedisSubscriberClient = new Redis().duplicate();
 * subscriber.disconnect();
 * ```
 */
export interface RedisSubscriberClient {
  /** Subscribes to channels; resolves once Redis confirmed. */
  subscribe(...channels: string[]): Promise<unknown>;
  /** Stops listening to channels. */
  unsubscribe(...channels: string[]): Promise<unknown>;
  /** A message published on a subscribed channel. */
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  /** The connection became ready (again) or closed. */
  on(event: 'ready' | 'close', listener: () => void): unknown;
  /** A connection error (the client retries on its own). */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Closes the connection at once. */
  disconnect(): void;
  /** The connection state, as {@link RedisClient.status}. */
  readonly status: string;
}

/** Where the client connects, for error messages: "127.0.0.1:6379" or a socket path. */
export function describeServer(redis: RedisClient): string {
  const { host, port, path } = redis.options;
  return path ? path : `${host ?? '127.0.0.1'}:${port ?? 6379}`;
}
