import { createHash } from 'node:crypto';
import type { RedisClient } from './client';
import { callFailure, unavailable } from './errors';

/**
 * One Lua script, called by its SHA1 (EVALSHA): the text crosses the wire
 * only when Redis does not have it yet (the first call, and after a restart
 * or SCRIPT FLUSH, when EVALSHA answers NOSCRIPT and EVAL loads it again).
 */
export class LuaScript {
  readonly #source: string;
  readonly #sha: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  /**
   * Runs it, settling within `timeoutMs` whatever the client's retry
   * settings. A call given up on may still reach Redis later (queued in the
   * client, or sent and not answered yet): a caller that gives up on one that
   * takes something sends the undo next, on the same connection, so Redis
   * runs it after.
   */
  run(redis: RedisClient, what: string, timeoutMs: number, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const call = this.#call(redis, keys, args);
    return new Promise((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(unavailable(redis, what, undefined, timeoutMs));
        call.catch(() => {});
      }, timeoutMs);
      call.then(
        (answer) => {
          if (settled) return;
          clearTimeout(timer);
          resolve(answer);
        },
        (error: unknown) => {
          if (settled) return;
          clearTimeout(timer);
          reject(callFailure(redis, what, error));
        },
      );
    });
  }

  async #call(redis: RedisClient, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      return redis.eval(this.#source, keys.length, ...keys, ...args);
    }
  }
}
