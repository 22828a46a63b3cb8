import { createHash } from 'node:crypto';
import type { RedisClient } from './client';
import { callFailure, RedisUnavailableError, unavailable } from './errors';

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
   * settings. A call given up on (no answer in time, or its connection
   * failed) may still have run, or run later: `undo` (idempotent) is sent at
   * once, which Redis runs after it on the same connection, and, if the call
   * was still pending, again once it settles. The second one is for a call
   * answered NOSCRIPT (Redis lost its scripts) and sent again as EVAL behind
   * the first undo.
   */
  run(
    redis: RedisClient,
    what: string,
    timeoutMs: number,
    keys: readonly string[],
    args: readonly (string | number)[],
    undo?: () => void,
  ): Promise<unknown> {
    const call = this.#call(redis, keys, args);
    return new Promise((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(unavailable(redis, what, undefined, timeoutMs));
        if (undo === undefined) {
          call.catch(() => {});
          return;
        }
        undo();
        call.then(undo, undo);
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
          const failure = callFailure(redis, what, error);
          if (undo !== undefined && failure instanceof RedisUnavailableError) undo();
          reject(failure);
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
