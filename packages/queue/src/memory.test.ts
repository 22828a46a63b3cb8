import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { type AddOptions, Queue } from './index';

/*
 * A long-lived queue must not grow with the work it has done: after a
 * million tasks (priorities, shared signals, some aborted, timeouts, sync
 * failures) an idle queue holds no more than it did before them. And a
 * signal many tasks share keeps one listener while they are queued or
 * running, none once they are done.
 */

// V8 (Node, Deno) hands out gc behind a flag; Bun (JavaScriptCore) has Bun.gc.
const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun;
if (!bun) setFlagsFromString('--expose-gc');
const gc = bun ? () => bun.gc(true) : (runInNewContext('gc') as () => void);

const MiB = 1024 * 1024;
const TASKS = 1_000_000;
const BATCH = 10_000;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const abortListeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

interface Tally {
  fulfilled: number;
  rejected: number;
}

/**
 * Adds one batch and waits until the queue is idle: every task is async but
 * one in 97, which throws; the first half shares the batch's signal, which
 * every tenth batch aborts while its tasks are queued and running; every
 * third has a timeout that never fires.
 */
async function runBatch(queue: Queue, batch: number, size: number, tally: Tally): Promise<void> {
  const controller = new AbortController();
  const onValue = (): void => {
    tally.fulfilled++;
  };
  const onError = (): void => {
    tally.rejected++;
  };
  const failure = new Error('sync failure');
  const withSignal: AddOptions = { signal: controller.signal };
  for (let i = 0; i < size; i++) {
    const n = batch * size + i;
    const options: AddOptions =
      i % 3 === 0
        ? { priority: n % 5, timeout: 60_000, signal: i < size / 2 ? controller.signal : undefined }
        : i < size / 2
          ? i % 5 === 0
            ? withSignal
            : { priority: n % 5, signal: controller.signal }
          : { priority: n % 7 };
    const task =
      n % 97 === 0
        ? () => {
            throw failure;
          }
        : async () => n;
    queue.add(task, options).then(onValue, onError);
  }
  if (batch % 10 === 9) controller.abort(new Error('batch cancelled'));
  await queue.onIdle();
}

describe('memory', () => {
  it.each([
    { tasks: TASKS, queueSignal: false },
    { tasks: 100_000, queueSignal: true },
  ])('an idle queue that ran $tasks tasks (queue signal: $queueSignal) retains under 1 MiB more than before', async ({ tasks, queueSignal }) => {
    const controller = new AbortController();
    const queue = new Queue({ concurrency: 16, signal: queueSignal ? controller.signal : undefined });
    // Warm up, so that code and one-off structures are in place before the measure.
    await runBatch(queue, 0, BATCH, { fulfilled: 0, rejected: 0 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const before = heapAfterGc();
    const settled: Tally = { fulfilled: 0, rejected: 0 };
    for (let batch = 0; batch < tasks / BATCH; batch++) await runBatch(queue, batch, BATCH, settled);
    // Let the last settle callbacks run.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const growth = heapAfterGc() - before;
    expect(settled.fulfilled + settled.rejected).toBe(tasks);
    // Sync failures, and the aborted batches' tasks that had not finished.
    expect(settled.rejected).toBeGreaterThan(tasks / 97);
    expect([queue.size, queue.pending]).toEqual([0, 0]);
    if (process.env.REPORT_MEMORY) console.log(`${tasks} tasks: ${(growth / MiB).toFixed(3)} MiB retained`);
    expect(growth).toBeLessThan(1 * MiB);
    expect(controller.signal.aborted).toBe(false);
  }, 30_000);

  it('an idle queue that ran 50,000 tasks, each with a signal of its own, retains under 1 MiB more than before', async () => {
    const queue = new Queue({ concurrency: 16 });
    let settled = 0;
    const onSettled = (): void => {
      settled++;
    };
    const run = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++) {
        const controller = new AbortController();
        queue.add(async () => i, { signal: controller.signal, priority: i % 3 }).then(onSettled, onSettled);
        if (i % 10 === 0) controller.abort();
      }
      await queue.onIdle();
    };
    await run(5_000);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const before = heapAfterGc();
    settled = 0;
    for (let batch = 0; batch < 10; batch++) await run(5_000);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const growth = heapAfterGc() - before;
    expect(settled).toBe(50_000);
    if (process.env.REPORT_MEMORY) console.log(`a signal per task: ${(growth / MiB).toFixed(3)} MiB retained`);
    expect(growth).toBeLessThan(1 * MiB);
  }, 30_000);

  it('a signal shared by many tasks has one listener while they wait and none once they are done', async () => {
    const queueSignal = new AbortController();
    const queue = new Queue({ concurrency: 4, signal: queueSignal.signal });
    const shared = new AbortController();
    const release: (() => void)[] = [];
    const results = Array.from({ length: 100 }, (_, i) =>
      queue.add(() => new Promise<number>((resolve) => release.push(() => resolve(i))), {
        signal: shared.signal,
        priority: i % 3,
        ...(i % 2 === 0 ? { timeout: 60_000 } : {}),
      }),
    );
    expect([queue.size, queue.pending]).toEqual([96, 4]);
    expect(abortListeners(shared.signal)).toBe(1);
    expect(abortListeners(queueSignal.signal)).toBe(1);
    while (queue.size + queue.pending > 0) {
      for (const resolve of release.splice(0)) resolve();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect((await Promise.all(results)).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(abortListeners(shared.signal)).toBe(0);
    expect(abortListeners(queueSignal.signal)).toBe(0);
  });

  it('a shared signal aborted halfway leaves no listener either', async () => {
    const queue = new Queue({ concurrency: 2 });
    const shared = new AbortController();
    const reason = new Error('stop');
    const results = Array.from({ length: 50 }, () =>
      queue.add(() => new Promise<never>(() => {}), { signal: shared.signal, timeout: 60_000 }),
    );
    expect(abortListeners(shared.signal)).toBe(1);
    shared.abort(reason);
    const outcomes = await Promise.allSettled(results);
    expect(outcomes.every((outcome) => outcome.status === 'rejected' && outcome.reason === reason)).toBe(true);
    expect([queue.size, queue.pending]).toEqual([0, 0]);
    expect(abortListeners(shared.signal)).toBe(0);
  });
});
