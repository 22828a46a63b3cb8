import { describe, expectTypeOf, it } from 'vitest';
import { BoundedSemaphore, Semaphore } from './index';

// Not exported (it would clash with rate-limit's in the umbrella): named through the method.
type AcquireOptions = NonNullable<Parameters<Semaphore['acquire']>[0]>;

/* No-ops at run time; `tsc -p tsconfig.test.json` checks them, under the repo's exactOptionalPropertyTypes. */

declare const maybeSignal: AbortSignal | undefined;

describe('options types', () => {
  it('take an optional property given as undefined, as if it were absent', () => {
    const semaphore = new Semaphore(1);
    void semaphore.acquire({ signal: maybeSignal });
    void semaphore.acquireMany(1, { signal: maybeSignal });
    void new BoundedSemaphore(1).acquire({ signal: undefined });
    const options: AcquireOptions = { signal: maybeSignal };
    expectTypeOf(options.signal).toEqualTypeOf<AbortSignal | undefined>();
  });

  it('still refuse what is not a signal', () => {
    // @ts-expect-error a string is not a signal
    void new Semaphore(1).acquire({ signal: 'stop' });
  });
});
