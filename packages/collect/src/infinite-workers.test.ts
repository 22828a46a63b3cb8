import { describe, expect, it } from 'vitest';
import { collect, forceLoopCycle, resolve } from './index';
import { gate, type Thunk } from './test-support';

// workers: Infinity is no bound: every item starts as soon as it is pulled.
// The source is still pulled one item at a time, and a failure or an early
// break still stops the pulling.

interface EndlessSource {
  source: AsyncGenerator<Thunk<number>>;
  readonly pulled: number;
  readonly closed: boolean;
  /** The most `next()` calls that were ever in flight at once. */
  readonly mostInFlight: number;
}

/** An endless async source of the tasks `taskAt(i)`, counting its pulls. */
function endless(taskAt: (index: number) => Thunk<number>): EndlessSource {
  const state = { pulled: 0, closed: false, mostInFlight: 0, inFlight: 0 };
  async function* generate(): AsyncGenerator<Thunk<number>> {
    try {
      for (let i = 0; ; i++) {
        state.pulled++;
        yield taskAt(i);
      }
    } finally {
      state.closed = true;
    }
  }
  const inner = generate();
  const source: AsyncGenerator<Thunk<number>> = Object.assign(Object.create(inner) as AsyncGenerator<Thunk<number>>, {
    async next() {
      state.inFlight++;
      state.mostInFlight = Math.max(state.mostInFlight, state.inFlight);
      try {
        return await inner.next();
      } finally {
        state.inFlight--;
      }
    },
    return: (value: unknown) => inner.return(value as never),
    [Symbol.asyncIterator]() {
      return this;
    },
  });
  return {
    source,
    get pulled() {
      return state.pulled;
    },
    get closed() {
      return state.closed;
    },
    get mostInFlight() {
      return state.mostInFlight;
    },
  };
}

describe('workers: Infinity', () => {
  it('starts every task of a finite source before any finishes', async () => {
    const release = gate();
    let running = 0;
    let peak = 0;
    const tasks = Array.from({ length: 2000 }, (_, i) => async () => {
      running++;
      peak = Math.max(peak, running);
      await release.promise;
      running--;
      return i;
    });
    async function* source() {
      yield* tasks;
    }
    const done = collect(source(), { workers: Infinity });
    // Every task holds until the gate opens, so all of them must be running for it to.
    await expect.poll(() => peak, { timeout: 10_000, interval: 1 }).toBe(2000);
    release.open();
    expect(await done).toEqual(tasks.map((_, i) => i));
    expect(await collect(tasks, { workers: Infinity })).toHaveLength(2000);
  });

  it('pulls the source one item at a time, and stops pulling at the first failure', async () => {
    const failure = new Error('item 50 failed');
    const endlessSource = endless((i) => (i === 50 ? () => Promise.reject(failure) : () => new Promise<number>(() => {})));
    await expect(collect(endlessSource.source, { workers: Infinity })).rejects.toBe(failure);
    expect(endlessSource.closed).toBe(true);
    const pulledAtFailure = endlessSource.pulled;
    // A pull that went on would have had its chance by the next loop cycle.
    await forceLoopCycle();
    expect(endlessSource.pulled).toBe(pulledAtFailure);
    expect(endlessSource.mostInFlight).toBe(1);
  });

  it('resolve: an early break closes the source and stops pulling', async () => {
    const endlessSource = endless((i) => () => i);
    for await (const value of resolve(endlessSource.source, { workers: Infinity })) {
      expect(value).toBe(0);
      break;
    }
    // The source closes once its pull in flight is done.
    await expect.poll(() => endlessSource.closed, { timeout: 10_000, interval: 1 }).toBe(true);
    const pulledAtBreak = endlessSource.pulled;
    await forceLoopCycle();
    expect(endlessSource.pulled).toBe(pulledAtBreak);
    expect(endlessSource.mostInFlight).toBe(1);
  });

  it('resolve over a sync source gives one promise per item, with every task started', async () => {
    const release = gate();
    let started = 0;
    const tasks = Array.from({ length: 100 }, (_, i) => async () => {
      started++;
      await release.promise;
      return i;
    });
    const promises = [...resolve(tasks, { workers: Infinity, workerGreediness: 1 })];
    expect(started).toBe(100);
    release.open();
    expect(await Promise.all(promises)).toEqual(tasks.map((_, i) => i));
  });
});
