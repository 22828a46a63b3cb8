import { describe, expect, it } from 'vitest';
import type { Settings } from '../types.js';
import { indices, type Task } from '../work.js';
import { collectForms, collectScenario, REUSED } from './collect.js';

const settings: Settings = { quick: true, rounds: 1, warmup: 0, minSampleMs: 1, sampleTimeoutMs: 60_000 };

describe('collect scenario', () => {
  it('every form builds its input from the task of the run it is in', async () => {
    const items = indices(500);
    for (const form of collectForms) {
      // Two runs, each with its own task: a form that kept the first run's
      // thunks, mapper or limit calls would never call the second task.
      for (const offset of [1, 2]) {
        let calls = 0;
        const task: Task = async (i) => {
          calls++;
          return i + offset;
        };
        const out = await form.run(items, task, 16);
        expect({ form: form.name, calls, first: out[0], last: out[499] }).toEqual({ form: form.name, calls: 500, first: offset, last: 499 + offset });
      }
    }
  });

  it('every contender of every case samples twice with input built inside its runs', async () => {
    for (const spec of collectScenario.cases(settings)) {
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

  it('judges no target on the reused-thunks extra, and names it so', () => {
    for (const spec of collectScenario.cases(settings)) {
      expect(spec.contenders.map((c) => c.name)).toContain(REUSED);
      expect(REUSED).toMatch(/reused/);
      for (const target of spec.targets) {
        expect(target.subject).not.toBe(REUSED);
        if (target.kind === 'ratio') expect(target.reference).not.toBe(REUSED);
      }
    }
  });
});
