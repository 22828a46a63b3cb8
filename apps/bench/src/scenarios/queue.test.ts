import PQueue from 'p-queue';
import { describe, expect, it } from 'vitest';
import { nsPerFreshRun } from '../harness.js';
import type { Settings } from '../types.js';
import { checkInOrder } from '../work.js';
import {
  burstSizes,
  CONCURRENCY,
  checkStarts,
  expectedStarts,
  NO_QUEUE,
  PRIORITIES,
  type QueueForm,
  queueForms,
  queueScenario,
  runShape,
  work,
} from './queue.js';

const settings: Settings = { quick: true, rounds: 1, warmup: 0, minSampleMs: 1, sampleTimeoutMs: 60_000 };

/** Samples a form over `bursts` the way the scenario does, checks included. */
function sampleOf(form: QueueForm, bursts: readonly number[], priorities = form.priorities): Promise<number> {
  const n = bursts.reduce((a, b) => a + b, 0);
  const expected = expectedStarts(bursts, CONCURRENCY, priorities);
  return nsPerFreshRun(
    n,
    work,
    form.name,
    (task) => runShape(form, 'arriving', bursts, task),
    ({ results }) => {
      checkInOrder(results, n, form.name);
      checkStarts(expected, form.name);
    },
    1,
  );
}

describe('queue scenario', () => {
  it('arrives in bursts of 1 to 64 that add up to the count', () => {
    const sizes = burstSizes(20_000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(20_000);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(64);
    expect(burstSizes(20_000)).toEqual(sizes);
  });

  it('expects the first 16 of a burst as added, then the rest by priority, equal ones as added', () => {
    const order = Array.from(expectedStarts([20], CONCURRENCY, true));
    expect(order.slice(0, 16)).toEqual(Array.from({ length: 16 }, (_, x) => x));
    // 16…19 have priorities 2, 3, 4, 5: the highest first.
    expect(order.slice(16)).toEqual([19, 18, 17, 16]);
    expect(Array.from(expectedStarts([20], CONCURRENCY, false))).toEqual(Array.from({ length: 20 }, (_, x) => x));
  });

  it('every contender of every case samples twice with input built inside its runs, its checks passing', async () => {
    for (const spec of queueScenario.cases(settings)) {
      for (const contender of spec.contenders) {
        for (let sample = 0; sample < 2; sample++) {
          const ns = await contender.sample();
          expect({ case: spec.id, contender: contender.name, finite: Number.isFinite(ns) && ns > 0 }).toEqual({
            case: spec.id,
            contender: contender.name,
            finite: true,
          });
        }
      }
    }
  });

  it('fails a queue that drops the priorities, and one that runs more than 16 at once', async () => {
    const bursts = [200, 50];
    const noPriorities: QueueForm = {
      name: 'p-queue, no priority',
      kind: 'peer',
      priorities: true,
      open: (concurrency) => {
        const queue = new PQueue({ concurrency });
        return { add: (thunk) => queue.add(thunk), addWithSignal: (thunk) => queue.add(thunk) };
      },
    };
    const unbounded: QueueForm = {
      name: 'p-queue, unbounded',
      kind: 'peer',
      priorities: true,
      open: () => {
        const queue = new PQueue({ concurrency: 64 });
        return { add: (thunk, priority) => queue.add(thunk, { priority }), addWithSignal: (thunk) => queue.add(thunk) };
      },
    };
    await expect(sampleOf(noPriorities, bursts)).rejects.toThrow(/priorities or concurrency not honoured/);
    await expect(sampleOf(unbounded, bursts)).rejects.toThrow(/priorities or concurrency not honoured/);
    // And the floor, first come first served, fails if judged as a priority queue.
    const floor = queueForms.find((form) => form.kind === 'floor') as QueueForm;
    await expect(sampleOf(floor, bursts, true)).rejects.toThrow(/priorities or concurrency not honoured/);
    expect(PRIORITIES).toBe(7);
  });

  it('judges no target on the no-queue extra nor on the signals case', () => {
    for (const spec of queueScenario.cases(settings)) {
      for (const target of spec.targets) {
        expect(target.subject).toBe('aiox Queue');
        if (target.kind === 'ratio') expect(target.reference).not.toBe(NO_QUEUE);
      }
      if (spec.id === 'queue/signals') expect(spec.targets).toEqual([]);
    }
  });
});
