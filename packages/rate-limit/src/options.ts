import { assertOptions, assertSignal } from '@aiox/internal';

export { type RateLimitSettings, readRateLimitOptions } from '@aiox/internal';

export function readSignal(options: unknown): AbortSignal | undefined {
  assertOptions('options', options);
  const signal = options === undefined ? undefined : (options as { readonly signal?: unknown }).signal;
  assertSignal('signal', signal);
  return signal;
}
