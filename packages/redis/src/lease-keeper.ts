import { LeaseLostError } from './errors';
import type { HeldPermit } from './redis-permit';

/** How the keeper talks to Redis: renew these ids, answer those whose lease had ended. */
export type Renew = (ids: readonly string[]) => Promise<readonly string[]>;

/**
 * Renews the leases of one semaphore's held permits, all in one script call,
 * every third of a lease. One timer while anything is held, none otherwise;
 * unref'd, so a process whose work is done exits (its leases then end).
 */
export class LeaseKeeper {
  readonly #leaseMs: number;
  readonly #renew: Renew;
  readonly #describe: string;
  // The local time each permit's lease was last known good (the moment its
  // grant or renewal was asked for: the lease began no earlier).
  readonly #held = new Map<string, { permit: HeldPermit; since: number }>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(leaseMs: number, renew: Renew, describe: string) {
    this.#leaseMs = leaseMs;
    this.#renew = renew;
    this.#describe = describe;
  }

  hold(permit: HeldPermit, since: number): void {
    this.#held.set(permit.id, { permit, since });
    this.#arm();
  }

  drop(id: string): void {
    this.#held.delete(id);
    if (this.#held.size === 0) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  #arm(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => void this.#renewAll(), this.#leaseMs / 3);
    this.#timer.unref?.();
  }

  async #renewAll(): Promise<void> {
    const asked = performance.now();
    const ids = [...this.#held.keys()];
    try {
      const lost = new Set(await this.#renew(ids));
      for (const id of ids) {
        const entry = this.#held.get(id);
        if (entry === undefined) continue;
        if (lost.has(id)) this.#lose(id, 'Redis no longer had it (its lease ended, or Redis lost its data)');
        else entry.since = asked;
      }
    } catch (error) {
      for (const id of ids) {
        const entry = this.#held.get(id);
        if (entry !== undefined && performance.now() - entry.since >= this.#leaseMs) {
          this.#lose(id, `it could not be renewed for ${this.#leaseMs} ms (${error instanceof Error ? error.message : String(error)})`);
        }
      }
    }
    this.#timer = undefined;
    if (this.#held.size > 0) this.#arm();
  }

  #lose(id: string, why: string): void {
    const entry = this.#held.get(id);
    if (entry === undefined) return;
    this.#held.delete(id);
    entry.permit.lose(new LeaseLostError(`${this.#describe}: the lease of ${entry.permit.times} permit(s) was lost: ${why}. Another caller may hold them now; stop the work they guarded.`));
  }
}
