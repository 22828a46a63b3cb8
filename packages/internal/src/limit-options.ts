import { describeValue } from './describe';
import { assertInteger, assertNumber, assertOptions, assertSignal } from './validate';

/**
 * The option checks of the limits, shared by the in-process ones
 * (`@aiox/rate-limit`, `@aiox/semaphore`) and the Redis ones (`@aiox/redis`),
 * so a bad option gets the same error wherever the limit lives.
 */

/** Rate-limit options once checked and defaulted; read once, so later changes to the caller's object do nothing. */
export interface RateLimitSettings {
  readonly maxCalls: number;
  readonly period: number;
  readonly minInterval: number;
  /** The most cost the starts of one window may add up to; `Infinity` when no cost limit was given. */
  readonly maxCost: number;
}

type Unchecked<K extends string> = { readonly [key in K]?: unknown };

export function readRateLimitOptions(options: unknown): RateLimitSettings {
  assertOptions('options', options);
  // A missing options object is reported as the missing maxCalls it lacks,
  // which names what the caller has to add.
  const given = (options ?? {}) as Unchecked<'maxCalls' | 'period' | 'minInterval' | 'maxCost'>;
  const { maxCalls, period, minInterval = 0, maxCost } = given;
  assertInteger('maxCalls', maxCalls, 1);
  assertNumber('period', period, 0, false);
  assertNumber('minInterval', minInterval, 0, true);
  if (maxCost !== undefined) assertNumber('maxCost', maxCost, 0, false);
  return { maxCalls, period, minInterval, maxCost: maxCost ?? Infinity };
}

/**
 * The cost of one start: 1 when omitted, else a finite number >= 0 and at
 * most `maxCost` (a larger one could never start, so it is refused at once
 * rather than waiting for ever). Throws a TypeError or RangeError naming `cost`.
 */
export function readCost(cost: unknown, maxCost: number): number {
  if (cost === undefined) {
    if (maxCost < 1) throw new RangeError(`cost must be given when maxCost is below 1: the default cost, 1, is above maxCost ${maxCost}`);
    return 1;
  }
  assertNumber('cost', cost, 0, true);
  if (cost > maxCost) {
    throw new RangeError(`cost must be <= maxCost, ${maxCost} (received ${describeValue(cost)}): a start that costs more can never fit in one window`);
  }
  return cost;
}

/**
 * A wait's `options` with a cost (`{ signal?, cost? }`): the signal as
 * {@link readAcquireSignal} reads it, and the cost as {@link readCost}.
 */
export function readCostedAcquire(options: unknown, maxCost: number): { signal: AbortSignal | undefined; cost: number } {
  const signal = readAcquireSignal(options);
  const cost = readCost(options === undefined ? undefined : (options as Unchecked<'cost'>).cost, maxCost);
  return { signal, cost };
}

/** The number of permits a `times` argument asks for: 1 when omitted; throws on a bad one. */
export function readTimes(times: number | undefined): number {
  if (times === undefined) return 1;
  assertInteger('times', times, 1);
  return times;
}

/**
 * Checks a wait's `options` and returns its signal; throws on a bad argument,
 * and throws the signal's reason when it has already aborted (a wait then
 * rejects with it at once, as it would on a later abort). Every limit, in
 * process or on Redis, reads its signal here, so they all agree.
 */
export function readAcquireSignal(options: unknown): AbortSignal | undefined {
  assertOptions('options', options);
  if (options === undefined) return undefined;
  const signal = (options as Unchecked<'signal'>).signal;
  assertSignal('options.signal', signal);
  if (signal?.aborted) throw signal.reason;
  return signal;
}
