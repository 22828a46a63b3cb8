import { describe, expectTypeOf, it } from 'vitest';
import { BoundedSemaphore, Semaphore } from './index';

/* Type-level only; `tsc -p tsconfig.test.json` checks them, under the repo's exactOptionalPropertyTypes. */

// Not exported (it would clash with rate-limit's in the umbrella): named through the method.
type AcquireOptions = NonNullable<Parameters<Semaphore['acquire']>[0]>;

const maybeSignal = undefined as AbortSignal | undefined;

describe('options types', () => {
  it('take an optional property given as undefined, as if it were absent', () => {
    const semaphore = new Semaphore(1);
    expectTypeOf(semaphore.acquire).toBeCallableWith({ signal: maybeSignal });
    expectTypeOf(semaphore.acquireMany).toBeCallableWith(1, { signal: maybeSignal });
    expectTypeOf(new BoundedSemaphore(1).acquire).toBeCallableWith({ signal: undefined });
    const options: AcquireOptions = { signal: maybeSignal };
    expectTypeOf(options.signal).toEqualTypeOf<AbortSignal | undefined>();
  });

  it('still refuse what is not a signal', () => {
    // @ts-expect-error a string is not a signal
    expectTypeOf(new Semaphore(1).acquire).toBeCallableWith({ signal: 'stop' });
  });
});
