import { describe, expect, it } from 'vitest';
import { nsPerFreshRun } from './harness.js';
import { checkInOrder, indices, type Task } from './work.js';

const n = 1_000;
const items = indices(n);
const fn: Task = async (i) => i;
const MIN_MS = 5;

async function loop(thunks: readonly (() => Promise<number>)[]): Promise<number[]> {
  const out: number[] = [];
  for (const thunk of thunks) out.push(await thunk());
  return out;
}

describe('nsPerFreshRun', () => {
  it('times a contender that builds its thunks inside every run', async () => {
    const ns = await nsPerFreshRun(n, fn, 'fresh', (task) => loop(items.map((x) => () => task(x))), (out) => checkInOrder(out, n, 'fresh'), MIN_MS);
    expect(ns).toBeGreaterThan(0);
    expect(Number.isFinite(ns)).toBe(true);
  });

  it('hands each run a task of its own', async () => {
    const seen = new Set<Task>();
    const sample = (): Promise<number> =>
      nsPerFreshRun(
      n,
      fn,
      'counted',
      (task) => {
        seen.add(task);
        return loop(items.map((x) => () => task(x)));
      },
      () => {},
      MIN_MS,
    );
    // Two samples make at least two runs, whatever the load.
    await sample();
    await sample();
    expect(seen.size).toBeGreaterThanOrEqual(2);
  });

  it('fails a contender that reuses the thunks an earlier run built, as the old collect scenario did', async () => {
    // Kept across samples, as the old scenario's input was: the second run fails, in this sample or the next.
    let built: readonly (() => Promise<number>)[] | undefined;
    const sample = (): Promise<number> =>
      nsPerFreshRun(
      n,
      fn,
      'reused',
      (task) => loop((built ??= items.map((x) => () => task(x)))),
      (out) => checkInOrder(out, n, 'reused'),
      MIN_MS,
    );
    await expect(sample().then(sample)).rejects.toThrow(/reused: called a task handed to an earlier run; build the input inside the timed run/);
  });

  it('fails a contender that keeps a task for later samples', async () => {
    let kept: Task | undefined;
    const sample = (): Promise<number> =>
      nsPerFreshRun(n, fn, 'kept', (task) => loop(items.map((x) => () => (kept ??= task)(x))), () => {}, MIN_MS);
    await expect(sample().then(sample)).rejects.toThrow(/kept: called a task handed to an earlier run/);
  });
});
