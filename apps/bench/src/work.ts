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
