// Type tests: `tsc -p tsconfig.json` (exactOptionalPropertyTypes on, as in the
// repo) fails if a line marked @ts-expect-error compiles, or if an option
// given a possibly-undefined value does not. At run time nothing here is called.
import { describe, expectTypeOf, it } from 'vitest';
import { type GenerateOptions, generateInProcess, generateInThread, type InPoolGenerator } from './index';

declare const maybeSignal: AbortSignal | undefined;
declare const maybeNumber: number | undefined;

describe('generate options types', () => {
  it('take undefined for every option, as a value that may be missing', () => {
    const options = (): GenerateOptions => ({ signal: maybeSignal, batchSize: maybeNumber, readAhead: maybeNumber });
    expectTypeOf(() => generateInThread.with(options())).returns.toEqualTypeOf<InPoolGenerator>();
    expectTypeOf(() => generateInThread.with({ signal: maybeSignal })).returns.toEqualTypeOf<InPoolGenerator>();
    expectTypeOf(() => generateInProcess.with({ batchSize: maybeNumber, readAhead: maybeNumber })).returns.toEqualTypeOf<InPoolGenerator>();
    expectTypeOf(() =>
      generateInThread.with({ signal: undefined })(function* (n: number) {
        yield n;
      }, 1),
    ).returns.toEqualTypeOf<AsyncGenerator<number, void, unknown>>();
  });

  it('still refuse values of the wrong type', () => {
    // @ts-expect-error signal must be an AbortSignal
    void (() => generateInThread.with({ signal: 'soon' }));
    // @ts-expect-error batchSize is a number
    void (() => generateInThread.with({ batchSize: '4' }));
    // @ts-expect-error readAhead is a number
    void (() => generateInProcess.with({ readAhead: null }));
    // @ts-expect-error no such option
    void (() => generateInThread.with({ batch: 4 }));
  });
});
