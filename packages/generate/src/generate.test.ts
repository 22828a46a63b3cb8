// The generator protocol across the worker boundary, over both runtimes.
import { describe, expect, it } from 'vitest';
import { generateInProcess, generateInThread } from './index';
import { pause, RUNTIMES, scratchesPerTest, shutDownPoolsAfterAll } from './testing/helpers';

shutDownPoolsAfterAll();
const scratch = scratchesPerTest();

// Shipped by source: writes `name` in `dir` (the worker's way to tell the test something happened).
function* countTo(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

describe.each(RUNTIMES)('generators in %s', (runtime) => {
  const generate = runtime === 'worker_threads' ? generateInThread : generateInProcess;

  it('streams the values in order, and a batched stream the same ones', async () => {
    const lazy: number[] = [];
    for await (const n of generate(countTo, 50)) lazy.push(n);
    expect(lazy).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const batched: number[] = [];
    for await (const n of generate.with({ batchSize: 7, readAhead: 3 })(countTo, 5000)) batched.push(n);
    expect(batched).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('takes any iterable: an array, a Map, a Set, a string, an async generator, a promise of an array', async () => {
    const all = async <T>(source: AsyncIterable<T>): Promise<T[]> => {
      const out: T[] = [];
      for await (const value of source) out.push(value);
      return out;
    };
    expect(await all(generate(() => [1, 2, 3]))).toEqual([1, 2, 3]);
    expect(await all(generate(() => new Map([['a', 1]])))).toEqual([['a', 1]]);
    expect(await all(generate((xs: number[]) => new Set(xs), [1, 1, 2]))).toEqual([1, 2]);
    expect(await all(generate(() => 'hé'))).toEqual(['h', 'é']);
    expect(
      await all(
        generate(async function* (n: number) {
          for (let i = 0; i < n; i++) yield await Promise.resolve(i * 2);
        }, 3),
      ),
    ).toEqual([0, 2, 4]);
    expect(await all(generate(async () => [7, 8]))).toEqual([7, 8]);
    expect(await all(generate.with({ batchSize: 2 })(() => new Map([[1, 'x'], [2, 'y'], [3, 'z']])))).toEqual([
      [1, 'x'],
      [2, 'y'],
      [3, 'z'],
    ]);
  });

  it('next(v) hands v to the yield', async () => {
    const echo = generate(function* (): Generator<string, void, string> {
      let got = yield 'ready';
      while (got !== 'bye') got = yield `got ${got}`;
    });
    expect(await echo.next()).toEqual({ value: 'ready', done: false });
    expect(await echo.next('a')).toEqual({ value: 'got a', done: false });
    expect(await echo.next('b')).toEqual({ value: 'got b', done: false });
    expect(await echo.next('bye')).toEqual({ value: undefined, done: true });
    expect(await echo.next('again')).toEqual({ value: undefined, done: true });
  });

  it('return() and a break finish the generator in the worker: its finally runs there', async () => {
    for (const mode of [{}, { batchSize: 16 }]) {
      const place = scratch();
      const endless = function* (dir: string) {
        try {
          for (let i = 0; ; i++) yield i;
        } finally {
          process.getBuiltinModule('node:fs').writeFileSync(`${dir}/finally`, String(process.pid));
        }
      };
      const gen = generate.with(mode)(endless, place.dir);
      expect(await gen.next()).toEqual({ value: 0, done: false });
      expect(await gen.return()).toEqual({ value: undefined, done: true });
      expect(place.has('finally')).toBe(true);
      expect(await gen.next()).toEqual({ value: undefined, done: true });

      const other = scratch();
      let seen = 0;
      for await (const n of generate.with(mode)(endless, other.dir)) if ((seen = n) === 1000) break;
      expect(seen).toBe(1000);
      expect(other.has('finally')).toBe(true);
      // A thread runs in this process; a child process is another.
      if (runtime === 'child_process') expect(other.read('finally')).not.toBe(String(process.pid));
    }
  });

  it('throw(e) throws e, same class and message, at the yield', async () => {
    const catcher = generate(function* () {
      for (;;) {
        try {
          yield 'waiting';
        } catch (error) {
          yield `caught ${(error as Error).constructor.name}: ${(error as Error).message}`;
        }
      }
    });
    await catcher.next();
    expect(await catcher.throw(new RangeError('too far'))).toEqual({ value: 'caught RangeError: too far', done: false });
    await catcher.return();
    const plain = generate(countTo, 10);
    await plain.next();
    await expect(plain.throw(new TypeError('stop'))).rejects.toThrow(TypeError);
    expect(await plain.next()).toEqual({ value: undefined, done: true });
    // Before it starts, a generator throws without running.
    const fresh = generate(countTo, 10);
    await expect(fresh.throw(new Error('early'))).rejects.toThrow('early');
    expect(await fresh.next()).toEqual({ value: undefined, done: true });
  });

  it("the generator's error reaches the consumer with its class, message and stack; the values before it first", async () => {
    for (const mode of [{}, { batchSize: 100 }]) {
      const seen: number[] = [];
      const failing = generate.with(mode)(function* failingGenerator() {
        yield 1;
        yield 2;
        throw new SyntaxError('bad token');
      });
      const error = await (async () => {
        try {
          for await (const n of failing) seen.push(n);
        } catch (caught) {
          return caught as Error;
        }
        throw new Error('no error');
      })();
      expect(seen).toEqual([1, 2]);
      expect(error).toBeInstanceOf(SyntaxError);
      expect(error.message).toBe('bad token');
      expect(error.stack).toContain('failingGenerator');
    }
  });

  it('is lazy: an infinite generator yields only what is asked for', async () => {
    const gen = generate(function* () {
      for (let produced = 1; ; produced++) yield produced;
    });
    let last = 0;
    for await (const produced of gen) if ((last = produced) === 1000) break;
    expect(last).toBe(1000);
  });

  it('read-ahead is bounded: a slow consumer holds the generator back', async () => {
    const place = scratch();
    const gen = generate.with({ batchSize: 10, readAhead: 2 })(function* (dir: string) {
      const fs = process.getBuiltinModule('node:fs');
      // One positional write a value: cheap enough that a batch fills well
      // inside the 10 ms after which it leaves early.
      const fd = fs.openSync(`${dir}/count`, 'w');
      for (let i = 1; ; i++) {
        fs.writeSync(fd, String(i).padStart(12), 0);
        yield i;
      }
    }, place.dir);
    for (let i = 0; i < 5; i++) await gen.next();
    await pause(300);
    const produced = Number(place.read('count'));
    // Two batches sent, one value read for the next: never more. Fewer only
    // when a loaded machine stalled the worker past a batch's 10 ms.
    expect(produced).toBeGreaterThan(5);
    expect(produced).toBeLessThanOrEqual(21);
    for (let i = 0; i < 30; i++) await gen.next();
    await pause(300);
    expect(Number(place.read('count'))).toBeLessThanOrEqual(35 + 21);
    await gen.return();
    const stopped = Number(place.read('count'));
    await pause(200);
    expect(Number(place.read('count'))).toBe(stopped);
  });

  it('a batch leaves early when the generator is slow, so the first values do not wait for a full batch', async () => {
    const gen = generate.with({ batchSize: 1000 })(async function* () {
      for (let i = 0; ; i++) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        yield i;
      }
    });
    const started = performance.now();
    expect(await gen.next()).toEqual({ value: 0, done: false });
    expect(performance.now() - started).toBeLessThan(5000);
    await gen.return();
  });

  it('lists a directory tree with readdirSync, as the original scandir test does', async () => {
    const place = scratch();
    const fs = await import('node:fs');
    for (const name of ['a', 'b/c', 'b/d/e']) fs.mkdirSync(`${place.dir}/${name}`, { recursive: true });
    for (const name of ['a/1.txt', 'b/2.txt', 'b/d/e/3.txt', 'top.txt']) fs.writeFileSync(`${place.dir}/${name}`, name);
    const expected = (fs.readdirSync(place.dir, { recursive: true }) as string[]).sort();
    const listed: string[] = [];
    const walk = generate(function* (root: string) {
      const { readdirSync } = process.getBuiltinModule('node:fs');
      const pending = [''];
      while (pending.length > 0) {
        const dir = pending.pop() as string;
        for (const entry of readdirSync(`${root}/${dir}`, { withFileTypes: true })) {
          const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
          yield path;
          if (entry.isDirectory()) pending.push(path);
        }
      }
    }, place.dir);
    for await (const path of walk) listed.push(path);
    expect(listed.sort()).toEqual(expected);
  });

  it('return() before the first next() ends it without taking a worker', async () => {
    const gen = generate(countTo, 3);
    expect(await gen.return()).toEqual({ value: undefined, done: true });
    expect(await gen.next()).toEqual({ value: undefined, done: true });
  });

  it('requests made while one is pending wait their turn', async () => {
    const gen = generate(countTo, 3);
    const steps = await Promise.all([gen.next(), gen.next(), gen.next(), gen.next()]);
    expect(steps).toEqual([
      { value: 0, done: false },
      { value: 1, done: false },
      { value: 2, done: false },
      { value: undefined, done: true },
    ]);
  });
});
