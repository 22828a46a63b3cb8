import { assertFunction, keepNameAndLength, readSignalOption } from '@aiox/internal';
import { RedisOptionsMismatchError } from './errors';
import { nextId, rateLimitKeys } from './keys';
import { CANCEL, CONFIRM, RESERVE } from './lua/rate-limit';
import { LuaScript } from './lua-script';
import type { RedisRateLimitSettings } from './options';
import { sleepUntil } from './sleep';

const reserveScript = new LuaScript(RESERVE);
const cancelScript = new LuaScript(CANCEL);
const confirmScript = new LuaScript(CONFIRM);

/** A wait for a start shorter than this spins: a timer cannot wait less than about a millisecond, and fires later still. */
const SPIN_MS = 1;
/** A waiter that wakes later than this after the start it was given confirms it again rather than start late. */
const LATE_MS = 1;
/** The most a woken waiter spins to make up for its timers' lateness: beyond it, it waits as late as they fire. */
const MAX_EARLY_MS = 25;

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
    for (;;) {
      const id = nextId();
      if (await this.#waitForStart(id, signal)) return;
    }
  }

  /**
   * Reserves a start and, if it has to wait for it, sleeps and confirms it.
   * A start given for later (CONFIRM) is made at its moment, unless this
   * caller wakes late for it: then that one is confirmed again. Resolves
   * false when the reservation vanished (cancelled by nobody here: Redis
   * lost it) and the caller must reserve again.
   */
  async #waitForStart(id: string, signal: AbortSignal | undefined): Promise<boolean> {
    // A call given up on may have run, or run later, and reserved a start for nobody: the cancel undoes it.
    const delayUs = await this.#reserve(id, 'wait', () => void this.#cancel(id));
    // The reply left Redis before it arrived here: waiting the delay from now
    // wakes no earlier than the slot Redis reserved.
    const until = performance.now() + (delayUs ?? 0) / 1000;
    if ((delayUs ?? 0) <= 0) {
      try {
        if (signal?.aborted) throw signal.reason;
      } catch (error) {
        // Aborted during the round trip, or a signal whose own code threw: the start is taken back.
        await this.#cancel(id);
        throw error;
      }
      return true;
    }
    this.#waiting += 1;
    try {
      await this.#sleep(id, until, signal);
      // How late this process's timers fired the last time: the next sleep
      // ends that much early and spins the rest. Two callers whose timers
      // are late every time would otherwise be moved behind each other's
      // start for ever, each confirming late (measured: 1 run in 8 of the
      // late-timers test on Node 22 never ended).
      let early = 0;
      for (;;) {
        const answer = await this.#confirm(id);
        if (answer.state !== 'later') return answer.state === 'started';
        // Usually a fraction of a millisecond: the start before came that much late.
        const wake = performance.now() + answer.delayUs / 1000;
        const sleepUntil = wake - early;
        if (sleepUntil - performance.now() >= SPIN_MS) {
          await this.#sleep(id, sleepUntil, signal);
          early = Math.min(Math.max(performance.now() - sleepUntil, 0) + SPIN_MS, MAX_EARLY_MS);
        }
        while (performance.now() < wake);
        if (performance.now() - wake <= LATE_MS) return true;
      }
    } finally {
      this.#waiting -= 1;
    }
  }

  /** Sleeps until `until`; an abort, or a signal whose own code throws, takes the reservation back before the call rejects. */
  async #sleep(id: string, until: number, signal: AbortSignal | undefined): Promise<void> {
    let sleeping: Promise<void>;
    try {
      if (signal?.aborted) throw signal.reason;
      sleeping = sleepUntil(until, signal, () => this.#cancel(id));
    } catch (error) {
      await this.#cancel(id);
      throw error;
    }
    await sleeping;
  }

  /** Turns a woken waiter's reservation into a start, or moves it (see CONFIRM). */
  async #confirm(id: string): Promise<{ state: 'started' | 'gone' } | { state: 'later'; delayUs: number }> {
    const { redis, redisTimeout, maxCalls, period, minInterval } = this.#settings;
    const raw = await confirmScript.run(redis, `${this.#describe} acquire`, redisTimeout, this.#keys, [id, maxCalls, period, minInterval], () => void this.#cancel(id));
    const [state, detail] = raw as [string, number];
    return state === 'later' ? { state, delayUs: Number(detail) } : { state: state === 'started' ? 'started' : 'gone' };
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
