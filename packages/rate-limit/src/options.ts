import { assertInteger, assertNumber, assertOptions, assertSignal } from '@aiox/internal';

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

export function readSignal(options: unknown): AbortSignal | undefined {
  assertOptions('options', options);
  const signal = options === undefined ? undefined : (options as Unchecked<'signal'>).signal;
  assertSignal('signal', signal);
  return signal;
}
