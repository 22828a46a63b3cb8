import { describe, expectTypeOf, it } from 'vitest';
import { type AcquireOptions, RateLimiter, type RateLimitOptions, rateLimited } from './index';

/* Type-level only; `tsc -p tsconfig.test.json` checks them, under the repo's exactOptionalPropertyTypes. */

const maybeSignal = undefined as AbortSignal | undefined;
const maybeInterval = undefined as number | undefined;

describe('options types', () => {
  it('take an optional property given as undefined, as if it were absent', () => {
    const options: RateLimitOptions = { maxCalls: 1, period: 1000, minInterval: maybeInterval };
    expectTypeOf(rateLimited).toBeCallableWith(options);
    expectTypeOf(rateLimited).toBeCallableWith({ maxCalls: 1, period: 1000, minInterval: undefined });
    expectTypeOf(new RateLimiter(options).acquire).toBeCallableWith({ signal: maybeSignal });
    const wait: AcquireOptions = { signal: maybeSignal };
    expectTypeOf(wait.signal).toEqualTypeOf<AbortSignal | undefined>();
  });

  it('still require maxCalls and period', () => {
    // @ts-expect-error period is required
    expectTypeOf(rateLimited).toBeCallableWith({ maxCalls: 1, period: undefined });
  });
});
