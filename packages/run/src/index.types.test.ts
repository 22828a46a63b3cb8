// Type tests: `tsc -p tsconfig.json` fails if a line marked @ts-expect-error
// compiles. At run time nothing here is called.
import { moduleTask } from '@aiox/pool';
import { describe, expectTypeOf, it } from 'vitest';
import { run, runDecorator } from './index';

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
});
