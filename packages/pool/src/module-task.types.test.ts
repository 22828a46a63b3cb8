// Type tests: `tsc -p tsconfig.json` fails if a line marked @ts-expect-error
// compiles. At run time nothing here is called.
import { describe, expectTypeOf, it } from 'vitest';
import type { ExecutorPool } from './executor-pool';
import { inProcess, inThread, type ModuleTask, moduleTask, taskModule } from './index';

type Hashing = typeof import('./testing/fixtures/hashing.mjs');
const where = new URL('./testing/fixtures/hashing.mjs', import.meta.url);

describe('module task types', () => {
  it('carry the export signature from moduleTask<F>', () => {
    const hash = moduleTask<Hashing['hash']>(where, 'hash');
    expectTypeOf(hash).toEqualTypeOf<ModuleTask<[data: Uint8Array, rounds: number], string>>();
    const call = () => inThread(hash, new Uint8Array(1), 3);
    expectTypeOf(call).returns.toEqualTypeOf<Promise<string>>();
    // @ts-expect-error rounds must be a number
    void (() => inThread(hash, new Uint8Array(1), '3'));
    // @ts-expect-error rounds is missing
    void (() => inProcess(hash, new Uint8Array(1)));
  });

  it('infer the export from the module type and a name that must be one of its functions', () => {
    const tasks = taskModule<Hashing & { version: string; later(n: number): Promise<bigint> }>(where);
    expectTypeOf(tasks.task('hash')).toEqualTypeOf<ModuleTask<[data: Uint8Array, rounds: number], string>>();
    expectTypeOf(() => inProcess(tasks.task('later'), 1)).returns.toEqualTypeOf<Promise<bigint>>();
    // @ts-expect-error version is not a function
    void (() => tasks.task('version'));
    // @ts-expect-error no such export
    void (() => tasks.task('nope'));
    // @ts-expect-error a string is no Uint8Array
    void (() => inThread(tasks.task('hash'), 'text', 1));
  });

  it('type the arguments of ExecutorPool#call and the options of .with', () => {
    const hash = moduleTask<Hashing['hash']>(where, 'hash');
    expectTypeOf((pool: ExecutorPool) => pool.call(hash, [new Uint8Array(1), 1])).returns.toEqualTypeOf<Promise<string>>();
    // @ts-expect-error rounds must be a number
    void ((pool: ExecutorPool) => pool.call(hash, [new Uint8Array(1), '1']));
    expectTypeOf(() => inThread.with({ signal: AbortSignal.timeout(1) })(hash, new Uint8Array(1), 1)).returns.toEqualTypeOf<
      Promise<string>
    >();
    // @ts-expect-error signal must be an AbortSignal
    void (() => inThread.with({ signal: 'soon' }));
    // A handle without a type takes anything and resolves with unknown.
    expectTypeOf(() => inThread(moduleTask(where, 'hash'), 1, 'x')).returns.toEqualTypeOf<Promise<unknown>>();
    // Self-contained functions keep their inference.
    expectTypeOf(() => inThread((a: number, b: string) => b.repeat(a), 2, 'x')).returns.toEqualTypeOf<Promise<string>>();
    // @ts-expect-error b must be a string
    void (() => inThread((a: number, b: string) => b.repeat(a), 2, 3));
  });
});
