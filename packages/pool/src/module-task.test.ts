import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ExecutorPool } from './executor-pool';
import { inProcess, inThread, moduleTask, PROCESS_POOL, taskModule, THREAD_POOL } from './index';
import { childPids, RUNTIMES } from './testing/helpers';

const fixture = (name: string): URL => new URL(`./testing/fixtures/${name}`, import.meta.url);

interface MathModule {
  add(a: number, b: number): number;
  later<T>(value: T): Promise<T>;
  loads(): number;
  fail(message: string): never;
  answer: number;
}
const math = taskModule<MathModule>(fixture('math.mjs'));
const hash = moduleTask<typeof import('./testing/fixtures/hashing.mjs')['hash']>(fixture('hashing.mjs'), 'hash');

function expectedHash(data: Uint8Array, rounds: number): string {
  let digest = Buffer.from(data);
  for (let round = 0; round < rounds; round++) digest = createHash('sha256').update(digest).digest();
  return digest.toString('hex');
}

describe.each(RUNTIMES)('a module task in %s', (runtime) => {
  const pool = new ExecutorPool(runtime);
  pool.initialize({ maxWorkers: 1 });
  afterAll(async () => {
    await pool.shutdown();
    expect(childPids()).toEqual([]);
  });

  it("runs an export with its module's imports (node:crypto)", async () => {
    const data = new Uint8Array([1, 2, 3]);
    expect(await pool.call(hash, [data, 3])).toBe(expectedHash(data, 3));
  });

  it('awaits an async export', async () => {
    expect(await pool.call(math.task('later'), [{ deep: [1n] }])).toEqual({ deep: [1n] });
  });

  it('imports the module once per worker', async () => {
    expect(await pool.call(math.task('add'), [2, 3])).toBe(5);
    expect(await pool.call(math.task('loads'), [])).toBe(1);
    expect(await pool.call(math.task('loads'), [])).toBe(1);
  });

  it('runs an export of a CommonJS module, named or only on module.exports', async () => {
    const legacy = fixture('legacy.cjs');
    expect(await pool.call(moduleTask<(x: number) => number>(legacy, 'triple'), [4])).toBe(12);
    expect(await pool.call(moduleTask<() => string>(legacy, 'whereAmI'), [])).toBe('legacy.cjs');
  });

  it("rejects with the export's error, class, cause and all, without the hint about shipped source", async () => {
    const error = (await pool.call(math.task('fail'), ['no']).catch((caught: unknown) => caught)) as TypeError;
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('no');
    expect(error.cause).toBeInstanceOf(RangeError);
    expect(error.stack).toContain('math.mjs');
  });

  it('names the functions a module exports when the export is missing or not a function', async () => {
    const missing = moduleTask(fixture('math.mjs'), 'hash');
    await expect(pool.call(missing, [])).rejects.toThrow(TypeError);
    await expect(pool.call(missing, [])).rejects.toThrow(
      /math\.mjs exports no function named `hash` \(it exports: add, fail, later, loads\)$/,
    );
    await expect(pool.call(moduleTask(fixture('math.mjs'), 'answer'), [])).rejects.toThrow(
      /exports no function named `answer` \(its `answer` is number\) \(it exports: add, fail, later, loads\)/,
    );
  });

  it('says which module could not be imported, and keeps serving', async () => {
    const error = (await pool.call(moduleTask(fixture('missing.mjs'), 'x'), []).catch((caught: unknown) => caught)) as Error & {
      code?: unknown;
    };
    expect(error.message).toMatch(/^could not import module file:\/\/.*\/fixtures\/missing\.mjs in the worker: /);
    expect(error.code).toBe('ERR_MODULE_NOT_FOUND');
    expect(await pool.call(math.task('add'), [1, 1])).toBe(2);
  });
});

describe('inThread and inProcess with a module task', () => {
  afterAll(async () => {
    await Promise.all([THREAD_POOL.shutdown(), PROCESS_POOL.shutdown()]);
    expect(childPids()).toEqual([]);
  });

  it('run it on the shared pools', async () => {
    const data = new Uint8Array([9, 9]);
    expect(await inThread(hash, data, 2)).toBe(expectedHash(data, 2));
    expect(await inProcess(hash, data, 2)).toBe(expectedHash(data, 2));
    expect(await inProcess(math.task('add'), 40, 2)).toBe(42);
  });
});

describe('moduleTask and taskModule', () => {
  it('accept a URL, a file: URL string or an absolute path, all the same module', () => {
    const url = fixture('math.mjs');
    const hrefs = [url, url.href, fileURLToPath(url)].map((where) => moduleTask(where, 'add').module);
    expect(new Set(hrefs)).toEqual(new Set([url.href]));
    expect(taskModule(fileURLToPath(url)).module).toBe(url.href);
  });

  it('refuse a relative path, naming the way out', () => {
    expect(() => moduleTask('./tasks.js', 'hash')).toThrow(TypeError);
    expect(() => moduleTask('./tasks.js', 'hash')).toThrow(
      'module must be a URL, a file: URL string or an absolute path (received "./tasks.js"): use new URL("./tasks.js", import.meta.url) to name a module next to the caller',
    );
    expect(() => taskModule('tasks.js')).toThrow(/use new URL\("tasks\.js", import\.meta\.url\)/);
  });

  it('refuse a URL that is not file:, a bad module and a bad export name', () => {
    expect(() => moduleTask(new URL('https://example.com/x.js'), 'x')).toThrow(/module must be a file: URL \(received https:/);
    expect(() => moduleTask(42 as never, 'x')).toThrow(TypeError);
    expect(() => moduleTask(fixture('math.mjs'), '')).toThrow(new TypeError('exportName must be a non-empty string (received "")'));
    expect(() => math.task(7 as never)).toThrow(/exportName must be a non-empty string \(received 7\)/);
  });

  it('make frozen handles; a look-alike object is refused, naming moduleTask', async () => {
    const handle = moduleTask(fixture('math.mjs'), 'add');
    expect(Object.isFrozen(handle)).toBe(true);
    expect(handle.exportName).toBe('add');
    const pool = new ExecutorPool('worker_threads');
    const lookalike = { module: handle.module, exportName: handle.exportName };
    await expect(pool.call(lookalike as never, [])).rejects.toThrow(/fn must be a function .*named with moduleTask\(\)/);
    expect(pool.initialized).toBe(false);
  });
});
