/*
 * Helpers shared by the tests (never imported by the package itself, so
 * never bundled). Kept free of Node APIs so that the sources typecheck.
 */
import type { Task } from './index';

export type Thunk<T> = (signal: AbortSignal) => T | PromiseLike<T>;

export interface Gate<T> {
  readonly promise: Promise<T>;
  open(value: T): void;
  fail(error: unknown): void;
}

/** A promise settled from outside, to hold a task until the test lets it go. */
export function gate<T = void>(): Gate<T> {
  let open!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

export function sleep(ms: number): Promise<void> {
  return new Promise<void>((done) => setTimeout(done, ms));
}

/** A task that runs until its signal aborts, then rejects with the reason. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

export interface SourceState {
  pulled: number;
  closed: boolean;
}

/** A generator over `items` that records how far it was pulled and whether it was closed. */
export function trackedItems<T>(items: readonly T[]): { state: SourceState; source: Generator<T> } {
  const state = { pulled: 0, closed: false };
  function* generate(): Generator<T> {
    try {
      for (const item of items) {
        state.pulled++;
        yield item;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, source: generate() };
}

/** {@link trackedItems} over tasks. */
export function tracked<T>(tasks: readonly Task<T>[]): { state: SourceState; source: Generator<Task<T>> } {
  return trackedItems(tasks);
}

/** The same, as an async generator (of thunks: an async generator awaits what it yields). */
export function trackedAsync<T>(tasks: readonly Thunk<T>[]): { state: SourceState; source: AsyncGenerator<Thunk<T>> } {
  const state = { pulled: 0, closed: false };
  async function* generate(): AsyncGenerator<Thunk<T>> {
    try {
      for (const task of tasks) {
        state.pulled++;
        yield task;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, source: generate() };
}
