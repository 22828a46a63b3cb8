// Type tests: `tsc -p tsconfig.json` fails if a line marked @ts-expect-error
// compiles. At run time nothing here is called.
import { moduleTask } from '@aiox/pool';
import { describe, expectTypeOf, it } from 'vitest';
import { type DecoratorOptions, type RunOptions, run, runDecorator } from './index';

describe('types', () => {
  it('runDecorator returns a synchronous function with the parameters of fn and its awaited result', () => {
    const sum = runDecorator(async (a: number, b: number) => a + b);
    expectTypeOf(sum).toEqualTypeOf<(a: number, b: number) => number>();
    const upper = runDecorator((text: string) => text.toUpperCase());
    expectTypeOf(upper).returns.toEqualTypeOf<string>();
    const hash = runDecorator(moduleTask<(data: string) => Promise<Uint8Array>>('/srv/tasks.js', 'hash'));
    expectTypeOf(hash).toEqualTypeOf<(data: string) => Uint8Array>();
    // @ts-expect-error b must be a number
    void (() => sum(1, '2'));
    // @ts-expect-error the argument is missing
    void (() => hash());
  });

  it('run settles with the type main resolves to, and hands main an AbortSignal', () => {
    expectTypeOf(run(async (signal) => signal.aborted)).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(run(Promise.resolve(1))).toEqualTypeOf<Promise<number>>();
    expectTypeOf(run(() => 'sync')).toEqualTypeOf<Promise<string>>();
    // @ts-expect-error options.debug is a boolean
    void (() => run(() => 1, { debug: 1 }));
  });

  it('every optional option accepts an explicit undefined (exactOptionalPropertyTypes), as options built from maybe-values are', () => {
    const maybeNumber = (): number | undefined => undefined;
    const maybeFlag = (): boolean | undefined => undefined;
    const decorator: DecoratorOptions = { timeout: maybeNumber(), startTimeout: maybeNumber(), maxOldGenerationSizeMb: maybeNumber() };
    const runOptions: RunOptions = { debug: maybeFlag() };
    void (() => runDecorator(() => 1, decorator));
    void (() => run(() => 1, runOptions));
    // @ts-expect-error still a number when given
    void (() => runDecorator(() => 1, { timeout: '5' }));
  });
});
