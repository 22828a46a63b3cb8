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
}

type Unchecked<K extends string> = { readonly [key in K]?: unknown };

export function readRateLimitOptions(options: unknown): RateLimitSettings {
  assertOptions('options', options);
  // A missing options object is reported as the missing maxCalls it lacks,
  // which names what the caller has to add.
  const given = (options ?? {}) as Unchecked<'maxCalls' | 'period' | 'minInterval'>;
  const { maxCalls, period, minInterval = 0 } = given;
  assertInteger('maxCalls', maxCalls, 1);
  assertNumber('period', period, 0, false);
  assertNumber('minInterval', minInterval, 0, true);
  return { maxCalls, period, minInterval };
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
