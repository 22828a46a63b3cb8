import { BoundedSemaphore } from 'aiox';
import type { Scenario, ScenarioContext } from '../scenario';
import type { Row } from '../summary';

/**
 * Two bulk jobs each need 3 of 4 permits while small jobs come and go. Taken
 * one by one (as Python's original does) this can deadlock; `acquireMany`
 * takes them all at once, in arrival order.
 */
export const acquireMany: Scenario = {
  name: 'acquire-many',
  title: 'acquireMany: 2 bulk jobs among 20 small ones, 4 permits',
  run: acquireAtomically,
};

async function acquireAtomically({ signal, progress }: ScenarioContext): Promise<Row[]> {
  const semaphore = new BoundedSemaphore(4);
  const grants: string[] = [];
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const job = async (name: string, permits: number) => {
    await using _permit = await semaphore.acquireMany(permits, { signal });
    grants.push(name);
    await pause(permits * 3);
  };

  const jobs: Promise<void>[] = [];
  for (let i = 0; i < 20; i++) {
    jobs.push(job(`small-${i}`, 1));
    if (i === 5) jobs.push(job('bulk-a', 3));
    if (i === 6) jobs.push(job('bulk-b', 3));
  }
  let deadline: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    Promise.all(jobs).then(() => 'finished'),
    new Promise<string>((resolve) => (deadline = setTimeout(resolve, 5000, 'deadlocked'))),
  ]).finally(() => clearTimeout(deadline));
  progress.finish(`${grants.length} jobs ${outcome}`);
  const fifo = grants.indexOf('bulk-a') < grants.indexOf('small-6') && grants.indexOf('bulk-b') < grants.indexOf('small-7');

  return [
    {
      scenario: 'acquireMany, no deadlock',
      measured: `${grants.length} jobs ${outcome}, permits back to ${semaphore.value}`,
      check: 'all 22 finish, 4 free after',
      ok: outcome === 'finished' && grants.length === 22 && semaphore.value === 4,
    },
    {
      scenario: '  first come, first served',
      measured: `bulk-a granted ${grants.indexOf('bulk-a') + 1}th, bulk-b ${grants.indexOf('bulk-b') + 1}th`,
      check: 'bulk jobs not starved by later small ones',
      ok: fifo,
    },
  ];
}
