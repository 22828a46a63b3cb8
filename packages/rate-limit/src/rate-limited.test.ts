import { describe, expect, it, vi } from 'vitest';
import { rateLimited } from './index';

// The Python original's test: at most 2 calls per second, starts at least
// 200 ms apart, ten calls made at once.
const pythonOptions = { maxCalls: 2, period: 1000, minInterval: 200 };
const pythonTimeline = [0, 200, 1000, 1200, 2000, 2200, 3000, 3200, 4000, 4200];

describe('rateLimited, ported from aioextensions', () => {
  it('follows the timeline exactly on a fake clock', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const now = rateLimited(pythonOptions)(async () => performance.now());
    const results = Promise.all(Array.from({ length: 10 }, () => now()));
    await vi.runAllTimersAsync();
    const times = await results;
    expect(times.map((time) => time - (times[0] as number))).toEqual(pythonTimeline);
  });

  it('follows the timeline in real time, never early and only a little late', async () => {
    const now = rateLimited(pythonOptions)(() => performance.now());
    const times = await Promise.all(Array.from({ length: 10 }, () => now()));
    const relative = times.map((time) => time - (times[0] as number));
    relative.forEach((time, index) => {
      // Never early (timers that fire early are re-checked against the clock);
      // the 1 ms absorbs the gap between granting a slot and the call reading the clock.
      expect(time).toBeGreaterThanOrEqual((pythonTimeline[index] as number) - 1);
      if (index === 0) return;
      // Late by at most 150 ms over what the previous starts allow (a loaded
      // two-core CI machine stalls the event loop for tens of ms at a time):
      // judged step by step so one slow timer on a busy machine does not add up.
      const previous = relative[index - 1] as number;
      const twoBack = index >= 2 ? (relative[index - 2] as number) : -Infinity;
      const allowed = Math.max(previous + pythonOptions.minInterval, twoBack + pythonOptions.period);
      expect(time - allowed).toBeLessThan(150);
    });
  });
});

describe('rateLimited budgets', () => {
  it('gives each decorated function a budget of its own, as Python does', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const limit = rateLimited({ maxCalls: 1, period: 100 });
    const t0 = performance.now();
    const first = limit(() => performance.now() - t0);
    const second = limit(() => performance.now() - t0);
    const results = Promise.all([first(), second(), first(), second()]);
    await vi.runAllTimersAsync();
    expect(await results).toEqual([0, 0, 100, 100]);
  });

  it('works as a standard method decorator, one budget for the method across instances', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const t0 = performance.now();
    class Client {
      constructor(readonly name: string) {}
      @rateLimited({ maxCalls: 1, period: 100 })
      async call(path: string): Promise<string> {
        return `${this.name}${path}@${performance.now() - t0}`;
      }
    }
    const results = Promise.all([new Client('a').call('/x'), new Client('b').call('/y')]);
    await vi.runAllTimersAsync();
    expect(await results).toEqual(['a/x@0', 'b/y@100']);
  });
});
