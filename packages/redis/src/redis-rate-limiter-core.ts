import { assertFunction, keepNameAndLength, readSignalOption } from '@aiox/internal';
import { RedisOptionsMismatchError } from './errors';
import { nextId, rateLimitKeys } from './keys';
import { CANCEL, RESERVE } from './lua/rate-limit';
import { LuaScript } from './lua-script';
import type { RedisRateLimitSettings } from './options';
import { sleepUntil } from './sleep';

const reserveScript = new LuaScript(RESERVE);
const cancelScript = new LuaScript(CANCEL);

/** The rate limiter's machinery; the public class in index.ts keeps only the documented surface. */
export class RateLimiterCore {
  readonly #settings: RedisRateLimitSettings;
  readonly #keys: readonly string[];
  readonly #options: string;
  readonly #describe: string;
  #waiting = 0;

  constructor(settings: RedisRateLimitSettings) {
    this.#settings = settings;
    this.#keys = rateLimitKeys(settings.key);
    this.#options = `maxCalls ${settings.maxCalls}, period ${settings.period}, minInterval ${settings.minInterval}`;
    this.#describe = `RedisRateLimiter "${settings.key}"`;
  }

  get waiting(): number {
    return this.#waiting;
  }

  async acquire(options: unknown): Promise<void> {
    const signal = readSignalOption(options);
    // Read, not throwIfAborted(): a signal is accepted by shape, and need not have it.
    if (signal?.aborted) throw signal.reason;
    const id = nextId();
    // A call given up on may have run, or run later, and reserved a start for nobody: the cancel undoes it.
    const delayUs = await this.#reserve(id, 'wait', () => void this.#cancel(id));
    // The reply left Redis before it arrived here: waiting the delay from now
    // starts no earlier than the slot Redis reserved.
    const until = performance.now() + (delayUs ?? 0) / 1000;
    let sleeping: Promise<void>;
    try {
      if (signal?.aborted) throw signal.reason;
      if ((delayUs ?? 0) <= 0) return;
      sleeping = sleepUntil(until, signal, () => this.#cancel(id));
    } catch (error) {
      // An abort, or a signal whose own code threw: the reservation goes before the call rejects.
      await this.#cancel(id);
      throw error;
    }
    this.#waiting += 1;
    try {
      await sleeping;
    } finally {
      this.#waiting -= 1;
    }
  }

  async tryAcquire(): Promise<boolean> {
    const id = nextId();
    return (await this.#reserve(id, 'try', () => void this.#cancel(id))) !== undefined;
  }

  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Promise<Awaited<R>> {
    assertFunction('fn', fn);
    const core = this;
    const wrapped = async function (this: unknown, ...args: A): Promise<Awaited<R>> {
      await core.acquire(undefined);
      return (await fn.apply(this, args)) as Awaited<R>;
    };
    return keepNameAndLength(wrapped, fn);
  }

  /** µs until the reserved start, or undefined when "try" found no open slot. */
  async #reserve(id: string, mode: 'wait' | 'try', undo?: () => void): Promise<number | undefined> {
    const { redis, redisTimeout, maxCalls, period, minInterval } = this.#settings;
    const raw = await reserveScript.run(
      redis,
      `${this.#describe} acquire`,
      redisTimeout,
      this.#keys,
      [id, maxCalls, period, minInterval, mode, this.#options],
      undo,
    );
    const [state, detail] = raw as [string, number | string];
    if (state === 'mismatch') {
      throw new RedisOptionsMismatchError(
        `${this.#describe} is live in Redis with ${String(detail)}, and this one was made with ${this.#options}: every caller of one key must use the same options (or another key).`,
      );
    }
    return state === 'granted' ? Number(detail) : undefined;
  }

  /** Takes back a reservation; never rejects (a reservation that stays ends with its window). */
  async #cancel(id: string): Promise<void> {
    const { redis, redisTimeout, period } = this.#settings;
    await cancelScript.run(redis, `${this.#describe} cancel`, redisTimeout, this.#keys, [id, period]).catch(() => {});
  }
}
