import { LeaseLostError } from './errors';
import type { HeldPermit } from './redis-permit';
import { timerDelay } from './timer';

/** How the keeper talks to Redis: renew these ids, answer those whose lease had ended. */
export type Renew = (ids: readonly string[]) => Promise<readonly string[]>;

/**
 * Renews the leases of one semaphore's held permits, all in one script call,
 * every third of a lease, and declares a lease lost (its permit's signal
 * aborts) as soon as Redis may end it: when it could not be renewed in time,
 * whether the renewal failed or is still waiting for an answer (a partition
 * gives neither reply nor error until redisTimeout). Two timers while
 * anything is held, none otherwise; unref'd, so a process whose work is done
 * exits (its leases then end).
 */
export class LeaseKeeper {
  readonly #leaseMs: number;
  readonly #renew: Renew;
  readonly #describe: string;
  // The local time each permit's lease was last known good (the moment its
  // grant or renewal was asked for: the lease began no earlier).
  readonly #held = new Map<string, { permit: HeldPermit; since: number }>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #deadline: ReturnType<typeof setTimeout> | undefined;

  constructor(leaseMs: number, renew: Renew, describe: string) {
    this.#leaseMs = leaseMs;
    this.#renew = renew;
    this.#describe = describe;
  }

  hold(permit: HeldPermit, since: number): void {
    this.#held.set(permit.id, { permit, since });
    this.#arm();
    this.#armDeadline();
  }

  drop(id: string): void {
    this.#held.delete(id);
    if (this.#held.size === 0) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      clearTimeout(this.#deadline);
      this.#deadline = undefined;
    }
  }

  /**
   * When a lease may end in Redis: leaseMs after its grant or renewal was
   * asked for (Redis started it no earlier), less a tenth for a timer that
   * fires late, so the holder hears of it before anyone else can be granted it.
   */
  #endOf(since: number): number {
    return since + this.#leaseMs - this.#leaseMs / 10;
  }

  #armDeadline(): void {
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
    let first = Number.POSITIVE_INFINITY;
    for (const { since } of this.#held.values()) first = Math.min(first, this.#endOf(since));
    if (first === Number.POSITIVE_INFINITY) return;
    // A deadline past the longest timer fires early; #expire then finds nothing due and re-arms.
    this.#deadline = setTimeout(() => this.#expire(), timerDelay(first - performance.now()));
    this.#deadline.unref?.();
  }

  #expire(): void {
    const now = performance.now();
    for (const [id, { since }] of [...this.#held]) {
      if (this.#endOf(since) <= now) this.#lose(id, `no renewal was answered for ${this.#leaseMs} ms (Redis unreachable or too slow)`);
    }
    this.#armDeadline();
  }

  #arm(): void {
    if (this.#timer !== undefined) return;
    // Past the longest timer, renewed at that step: early, which a lease allows.
    this.#timer = setTimeout(() => void this.#renewAll(), timerDelay(this.#leaseMs / 3));
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
    } catch {
      // Failed renewals are retried; the deadline timer declares the lease lost when it may end.
    }
    this.#timer = undefined;
    if (this.#held.size > 0) {
      this.#arm();
      this.#armDeadline();
    }
  }

  #lose(id: string, why: string): void {
    const entry = this.#held.get(id);
    if (entry === undefined) return;
    this.#held.delete(id);
    entry.permit.lose(new LeaseLostError(`${this.#describe}: the lease of ${entry.permit.times} permit(s) was lost: ${why}. Another caller may hold them now; stop the work they guarded.`));
  }
}
