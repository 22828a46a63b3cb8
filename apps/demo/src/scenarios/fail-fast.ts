import { collect } from 'aiox';
import type { Scenario, ScenarioContext } from '../scenario';
import type { Row } from '../summary';

const total = 10_000;
const workers = 16;
const failingTask = 50;

/**
 * The first error ends `collect` at once: it stops pulling the source and
 * aborts the signal of every task still running, so nothing is wasted.
 */
export const failFast: Scenario = {
  name: 'fail-fast',
  title: `collect: ${total} tasks, task ${failingTask} fails`,
  run: failEarly,
};

async function failEarly({ signal, progress }: ScenarioContext): Promise<Row[]> {
  let started = 0;
  let aborted = 0;

  function* tasks() {
    for (let id = 0; id < total; id++) {
      yield (signal: AbortSignal) => {
        started++;
        return new Promise<number>((resolve, reject) => {
          if (id === failingTask) {
            setTimeout(() => reject(new Error(`task ${id} failed`)), 2);
            return;
          }
          const timer = setTimeout(() => resolve(id), 5 + (id % 7));
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            aborted++;
            reject(signal.reason);
          });
        });
      };
    }
  }

  const t0 = performance.now();
  const error = await collect(tasks(), { workers, signal }).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  const ms = performance.now() - t0;
  signal.throwIfAborted();

  const timeout = AbortSignal.any([AbortSignal.timeout(50), signal]);
  const slow = (signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, 10_000);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
  const t1 = performance.now();
  const cancelled = await collect([slow, slow, slow], { signal: timeout }).then(
    () => 'not cancelled',
    (reason: unknown) => (reason instanceof Error ? reason.name : String(reason)),
  );
  const cancelMs = performance.now() - t1;
  signal.throwIfAborted();
  progress.finish(`failed after ${ms.toFixed(0)} ms, ${started} tasks started`);

  return [
    {
      scenario: 'collect fails fast',
      measured: `rejected after ${ms.toFixed(0)} ms: ${error instanceof Error ? error.message : 'no error'}`,
      check: `first error wins`,
      ok: error instanceof Error && error.message === `task ${failingTask} failed`,
    },
    {
      scenario: '  stops pulling the source',
      measured: `${started} of ${total} tasks started, ${aborted} aborted`,
      check: `<= ${failingTask + 1 + workers} started`,
      ok: started <= failingTask + 1 + workers && aborted > 0,
    },
    {
      scenario: 'AbortSignal.timeout(50)',
      measured: `rejected with ${cancelled} after ${cancelMs.toFixed(0)} ms`,
      check: 'TimeoutError, well before 10 s',
      ok: cancelled === 'TimeoutError' && cancelMs < 5000,
    },
  ];
}
