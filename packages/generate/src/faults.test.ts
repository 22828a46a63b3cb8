// Faults, cancellation, bad input and the worker a generator holds, over both runtimes.
import { ExecutorPool } from '@aiox/pool';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { poolGenerator } from './in-pool-generator';
import { generateInProcess, generateInThread } from './index';
import { pause, RUNTIMES, scratchesPerTest, shutDownPoolsAfterAll } from './testing/helpers';

shutDownPoolsAfterAll();
const scratch = scratchesPerTest();
const pools: ExecutorPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.shutdown({ wait: false })));
});

const entry = new URL('../dist/index.js', import.meta.url).href;

/** Runs `source` as an ES module in a fresh node process; what it printed and whether it exited in time. */
function runScript(source: string, args: string[] = [], timeoutMs = 8000): Promise<{ out: string; code: number | null; ms: number }> {
  const place = scratch();
  const file = join(place.dir, 'main.mjs');
  writeFileSync(file, source);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...args, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ out, code, ms: performance.now() - started });
    });
  });
}

describe.each(RUNTIMES)('generator faults in %s', (runtime) => {
  const generate = runtime === 'worker_threads' ? generateInThread : generateInProcess;

  it('a worker that exits mid-stream rejects the pending next() with how it died; the pool replaces it', async () => {
    const dying = generate(function* () {
      yield 1;
      process.exit(3);
    });
    expect(await dying.next()).toEqual({ value: 1, done: false });
    await expect(dying.next()).rejects.toThrow(/code 3/);
    expect(await dying.next()).toEqual({ value: undefined, done: true });
    const values: number[] = [];
    for await (const n of generate(() => [1, 2])) values.push(n);
    expect(values).toEqual([1, 2]);
  });

  it('an abort ends the generator with its worker, even one stuck in a loop; the pending next() rejects with the reason', async () => {
    const controller = new AbortController();
    const stuck = generate.with({ signal: controller.signal })(function* () {
      yield 'first';
      for (;;);
    });
    expect(await stuck.next()).toEqual({ value: 'first', done: false });
    const pending = stuck.next();
    setTimeout(() => controller.abort(new Error('took too long')), 100);
    await expect(pending).rejects.toThrow('took too long');
    expect(await stuck.next()).toEqual({ value: undefined, done: true });
    // Already aborted: the first next() rejects, no worker is taken.
    const never = generate.with({ signal: AbortSignal.abort(new Error('no')) })(function* () {
      yield 1;
    });
    await expect(never.next()).rejects.toThrow('no');
  });

  it('bad input is refused with the parameter and the value named', async () => {
    expect(() => generate(3 as never)).toThrow(/generatorFn must be a function .*\(received 3\)/);
    expect(() => generate.with({ batchSize: 0 })).toThrow(new RangeError('options.batchSize must be an integer >= 1 (received 0)'));
    expect(() => generate.with({ readAhead: 1.5 })).toThrow(RangeError);
    expect(() => generate.with({ signal: 'x' as never })).toThrow(TypeError);
    const batched = generate.with({ batchSize: 4 })(function* () {
      yield 1;
    });
    await expect(batched.next('value' as never)).rejects.toThrow(/read-ahead mode/);
    await batched.return();
    const bound = generate(function* () {
      yield 1;
    }.bind(null));
    await expect(bound.next()).rejects.toThrow(/bound or built-in/);
    const notIterable = generate(() => 42 as never);
    await expect(notIterable.next()).rejects.toThrow(/must return an iterator or an iterable.*number 42/);
  });

  it('holds its worker for its lifetime: a generator beyond the pool size waits for one to finish', async () => {
    const pool = new ExecutorPool(runtime);
    pool.initialize({ maxWorkers: 1 });
    pools.push(pool);
    const generateHere = poolGenerator(pool);
    const first = generateHere(function* () {
      for (let i = 0; ; i++) yield i;
    });
    await first.next();
    let secondDone = false;
    const second = generateHere(() => ['second']);
    const waiting = second.next().then((step) => {
      secondDone = true;
      return step;
    });
    await pause(200);
    expect(secondDone).toBe(false);
    await first.return();
    expect(await waiting).toEqual({ value: 'second', done: false });
  });

  it('an abandoned generator does not keep the process alive: it is finished in its worker when nothing else is left', async () => {
    const place = scratch();
    const { out, code, ms } = await runScript(`
      import { ${runtime === 'worker_threads' ? 'generateInThread' : 'generateInProcess'} as generate } from ${JSON.stringify(entry)};
      const gen = generate(function* (dir) {
        try { for (let i = 0; ; i++) yield i; }
        finally { process.getBuiltinModule('node:fs').writeFileSync(dir + '/finally', 'ran'); }
      }, ${JSON.stringify(place.dir)});
      console.log((await gen.next()).value);
    `);
    expect({ out, code }).toEqual({ out: '0\n', code: 0 });
    expect(ms).toBeLessThan(6000);
    expect(place.read('finally')).toBe('ran');
  });

  it('a generator dropped unfinished in a running process is finished once collected', async () => {
    const place = scratch();
    const { out, code } = await runScript(
      `
      import { existsSync } from 'node:fs';
      import { ${runtime === 'worker_threads' ? 'generateInThread' : 'generateInProcess'} as generate } from ${JSON.stringify(entry)};
      const dir = ${JSON.stringify(place.dir)};
      await (async () => {
        const gen = generate(function* (dir) {
          try { for (let i = 0; ; i++) yield i; }
          finally { process.getBuiltinModule('node:fs').writeFileSync(dir + '/finally', 'ran'); }
        }, dir);
        await gen.next();
      })();
      // Still busy (a timer is pending): only the collection can finish it.
      const started = Date.now();
      const timer = setInterval(() => {
        globalThis.gc();
        if (existsSync(dir + '/finally')) { console.log('finished'); clearInterval(timer); }
        else if (Date.now() - started > 5000) { console.log('not finished'); clearInterval(timer); }
      }, 50);
    `,
      ['--expose-gc'],
    );
    expect({ out, code }).toEqual({ out: 'finished\n', code: 0 });
  });
});
