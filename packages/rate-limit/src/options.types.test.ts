import { describe, expectTypeOf, it } from 'vitest';
import { type AcquireOptions, RateLimiter, type RateLimitOptions, rateLimited } from './index';

/* No-ops at run time; `tsc -p tsconfig.test.json` checks them, under the repo's exactOptionalPropertyTypes. */

declare const maybeSignal: AbortSignal | undefined;
declare const maybeInterval: number | undefined;

describe('options types', () => {
  it('take an optional property given as undefined, as if it were absent', () => {
    const options: RateLimitOptions = { maxCalls: 1, period: 1000, minInterval: maybeInterval };
    const limiter = new RateLimiter(options);
    void limiter.acquire({ signal: maybeSignal });
    void rateLimited({ maxCalls: 1, period: 1000, minInterval: undefined });
    const wait: AcquireOptions = { signal: maybeSignal };
    expectTypeOf(wait.signal).toEqualTypeOf<AbortSignal | undefined>();
  });

  it('still require maxCalls and period', () => {
    // @ts-expect-error period is required
    void new RateLimiter({ maxCalls: 1, period: undefined });
  });
});
