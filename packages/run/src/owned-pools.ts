import { type StartedPool, watchPoolStarts } from '@aiox/internal';

// Runs pending now, each with the pools it saw start. A pool started while
// two runs were pending belongs to both, and is shut down when the last of
// them settles.
const pending = new Set<OwnedPools>();

/**
 * The pools of `@aiox/pool` that start while a run's main is pending. The
 * pool announces its starts (see `pool-starts.ts` in @aiox/internal), so a
 * program that never uses a pool never loads it.
 */
export class OwnedPools {
  readonly #pools = new Set<StartedPool>();
  readonly #stop: () => void;

  constructor() {
    this.#stop = watchPoolStarts((pool) => this.#pools.add(pool));
    pending.add(this);
  }

  /**
   * Shuts down the pools no other pending run shares. Calls still running
   * there are ended (their promises reject): main has settled, nothing waits
   * for them, and they would hold the process.
   */
  async close(): Promise<void> {
    this.#stop();
    pending.delete(this);
    const mine = [...this.#pools].filter((pool) => ![...pending].some((other) => other.#pools.has(pool)));
    const results = await Promise.allSettled(mine.map((pool) => pool.shutdown({ wait: false })));
    for (const result of results) {
      if (result.status === 'rejected') process.stderr.write(`aiox run: a pool did not shut down cleanly: ${String(result.reason)}\n`);
    }
  }
}
