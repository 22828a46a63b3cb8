import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect, forceLoopCycle, resolve } from './index';

// Every task of one operation shares one signal: 50 tasks listening on it is
// the design, and must not set off Node's "possible EventTarget memory leak".
const warnings: Error[] = [];
const record = (warning: Error) => warnings.push(warning);
beforeEach(() => {
  warnings.length = 0;
  process.on('warning', record);
});
afterEach(() => {
  process.off('warning', record);
});

const listening = (signal: AbortSignal) =>
  new Promise<number>((done) => {
    const onAbort = () => done(-1);
    signal.addEventListener('abort', onAbort);
    setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      done(1);
    }, 5);
  });

const leakWarnings = () => warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning');

describe('the signal shared by the tasks of one operation', () => {
  it('carries 50 listeners without a leak warning in collect', async () => {
    const results = await collect(Array.from({ length: 50 }, () => listening), { workers: 50 });
    expect(results).toEqual(Array.from({ length: 50 }, () => 1));
    await forceLoopCycle();
    expect(leakWarnings()).toEqual([]);
  });

  it('carries 50 listeners without a leak warning in resolve', async () => {
    let sum = 0;
    for (const next of resolve(Array.from({ length: 50 }, () => listening), { workers: 50 })) sum += await next;
    expect(sum).toBe(50);
    await forceLoopCycle();
    expect(leakWarnings()).toEqual([]);
  });

  it('still aborts every listener when a task fails', async () => {
    const aborted: number[] = [];
    const tasks = Array.from({ length: 30 }, (_, index) => (signal: AbortSignal) => {
      if (index === 29) return Promise.reject(new Error('boom'));
      return new Promise<never>((_, reject) => {
        signal.addEventListener('abort', () => {
          aborted.push(index);
          reject(signal.reason);
        });
      });
    });
    await expect(collect(tasks, { workers: 30 })).rejects.toThrow('boom');
    expect(aborted).toHaveLength(29);
    await forceLoopCycle();
    expect(leakWarnings()).toEqual([]);
  });

  // Not on a plain AbortSignal: Node 22 stopped warning for those (Node 20,
  // which the tests above guard, still does). Any other EventTarget warns on
  // every Node version, through the same limit and the same warning.
  it('a control: a plain EventTarget with 11 listeners does warn here', async () => {
    const target = new EventTarget();
    for (let i = 0; i < 11; i++) target.addEventListener('abort', () => {});
    await forceLoopCycle();
    expect(leakWarnings()).toHaveLength(1);
  });
});
