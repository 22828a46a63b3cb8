import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { forceLoopCycle, resolve, type Task } from './index';

// V8 (Node, Deno) hands out gc behind a flag; Bun (JavaScriptCore) has Bun.gc.
const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun;
if (!bun) setFlagsFromString('--expose-gc');
const gc = bun ? () => bun.gc(true) : (runInNewContext('gc') as () => void);

describe('an iterator dropped while running', () => {
  it('closes a running iterator the consumer dropped without return(), once it is collected', async () => {
    // `for await` over the promise iterator, left by a rejected item: engines
    // before the 2023 fix to the sync-to-async adapter (Node 20 among them)
    // never call return() then. The workers must not go on through an endless source.
    const state = { pulled: 0, closed: false };
    function* endless(): Generator<Task<number>> {
      try {
        for (let i = 0; ; i++) {
          state.pulled++;
          yield i === 1 ? () => Promise.reject(new Error('item 1')) : () => new Promise((done) => setTimeout(done, 1, i));
        }
      } finally {
        state.closed = true;
      }
    }
    async function consume(): Promise<unknown> {
      try {
        for await (const value of resolve(endless(), { workers: 2 })) void value;
      } catch (error) {
        return error;
      }
      return undefined;
    }
    expect(await consume()).toEqual(new Error('item 1'));
    for (let attempt = 0; attempt < 50 && !state.closed; attempt++) {
      gc();
      await forceLoopCycle();
    }
    expect(state.closed).toBe(true);
    const pulled = state.pulled;
    await new Promise((done) => setTimeout(done, 20));
    expect(state.pulled).toBe(pulled);
  });
});
