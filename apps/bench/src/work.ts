/** The unit of work every contender runs, and the checks on what comes back. */
import { setImmediate as nextTurn } from 'node:timers';

/** Resolves on the next turn of the event loop: a task that really yields, like I/O would. */
export function immediate(): Promise<void> {
  return new Promise((resolve) => nextTurn(resolve));
}

/**
 * How many tasks are between their start and their end right now, and the
 * most there ever were since the last reset: a contender that ran more tasks
 * at once than it was allowed would win by breaking the bound.
 */
export const inFlight = { now: 0, most: 0 };

export interface TaskKind {
  readonly id: 'sync' | 'immediate';
  readonly label: string;
  /** Same function, same shape, for every contender: only the library around it changes. */
  readonly fn: (i: number) => Promise<number>;
}

export const taskKinds: readonly TaskKind[] = [
  { id: 'sync', label: 'async (i) => i', fn: async (i) => i },
  {
    id: 'immediate',
    label: 'await setImmediate, then i',
    fn: async (i) => {
      if (++inFlight.now > inFlight.most) inFlight.most = inFlight.now;
      await immediate();
      inFlight.now--;
      return i;
    },
  },
];

export function indices(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Sum 0 + 1 + ... + (n - 1): what every consumer must add up to. */
export function expectedSum(n: number): number {
  return (n * (n - 1)) / 2;
}

/** Every result present, in source order: `results[i] === i`. Catches skipped work and lost ordering. */
export function checkInOrder(results: readonly unknown[], n: number, who: string): void {
  if (results.length !== n) throw new Error(`${who}: ${results.length} results, expected ${n}`);
  for (let i = 0; i < n; i++) {
    if (results[i] !== i) throw new Error(`${who}: results[${i}] is ${String(results[i])}, expected ${i}`);
  }
}

/** No more than `limit` tasks ran at once since `inFlight` was last reset. */
export function checkBound(limit: number, who: string): void {
  if (inFlight.most > limit) throw new Error(`${who}: ${inFlight.most} tasks ran at once, the limit is ${limit}`);
}

export function checkSum(sum: number, n: number, who: string): void {
  const expected = expectedSum(n);
  if (sum !== expected) throw new Error(`${who}: checksum ${sum}, expected ${expected}`);
}

/** A case's work function, as every contender calls it. */
export type Task = (i: number) => Promise<number>;

/**
 * A task valid for one timed run only. Each run builds its input (thunks,
 * `limit(() => task(i))` calls, a mapper) from the task it is handed, inside
 * the clock, as a user's `urls.map((u) => () => fetch(u))` does; a contender
 * that kept what it built in an earlier run would call an expired task and
 * fail its sample instead of skipping a cost every user pays (reused
 * closures are old and warm in V8: 1 µs a task less, or more, at 100,000 tasks
 * on the shared bench machine).
 */
export function leaseTask(fn: Task, who: string): { readonly task: Task; readonly expire: () => void } {
  let live = true;
  return {
    task: (i) =>
      live
        ? fn(i)
        : Promise.reject(
            new Error(`${who}: called a task handed to an earlier run; build the input inside the timed run, from the task it is given`),
          ),
    expire: () => {
      live = false;
    },
  };
}
