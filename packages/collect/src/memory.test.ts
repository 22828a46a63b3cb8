import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { resolve, type Task } from './index';

/*
 * workerGreediness must truly bound memory: a huge lazy source, read through
 * `resolve` with greediness 1 and the default 1024 workers, retains only the
 * results the workers hold (at most 1024) and nothing the consumer took.
 */

// V8 (Node, Deno) hands out gc behind a flag; Bun (JavaScriptCore) has Bun.gc.
const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun;
if (!bun) setFlagsFromString('--expose-gc');
const gc = bun ? () => bun.gc(true) : (runInNewContext('gc') as () => void);

const MiB = 1024 * 1024;
const ITEMS = 1_000_000;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function* numbers(count: number): Generator<Task<number>> {
  for (let i = 0; i < count; i++) yield () => i;
}

async function* numbersAsync(count: number): AsyncGenerator<() => number> {
  for (let i = 0; i < count; i++) yield () => i;
}

describe('memory', () => {
  it('1,000,000 items, sync source, greediness 1: under 8 MiB retained halfway through', async () => {
    const before = heapAfterGc();
    let growth = Number.NaN;
    let taken = 0;
    let misordered = 0;
    for (const next of resolve(numbers(ITEMS), { workerGreediness: 1 })) {
      if ((await next) !== taken) misordered++;
      if (++taken === ITEMS / 2) {
        growth = heapAfterGc() - before;
        break;
      }
    }
    expect([taken, misordered]).toEqual([ITEMS / 2, 0]);
    if (process.env.REPORT_MEMORY) console.log(`sync source: ${(growth / MiB).toFixed(2)} MiB retained`);
    expect(growth).toBeLessThan(8 * MiB);
  }, 30_000);

  it('300,000 items, async source, greediness 1: under 8 MiB retained halfway through', async () => {
    const before = heapAfterGc();
    let growth = Number.NaN;
    let taken = 0;
    let misordered = 0;
    for await (const value of resolve(numbersAsync(300_000), { workerGreediness: 1 })) {
      if (value !== taken) misordered++;
      if (++taken === 150_000) {
        growth = heapAfterGc() - before;
        break;
      }
    }
    expect([taken, misordered]).toEqual([150_000, 0]);
    if (process.env.REPORT_MEMORY) console.log(`async source: ${(growth / MiB).toFixed(2)} MiB retained`);
    expect(growth).toBeLessThan(8 * MiB);
  }, 30_000);
});
