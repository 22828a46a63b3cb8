import { LeaseLostError } from './errors';

/**
 * Permits taken together from a {@link RedisSemaphore}, held under a lease
 * that is renewed while this process lives.
 */
export interface RedisPermit extends AsyncDisposable {
  /** How many permits it holds. */
  readonly times: number;
  /**
   * Aborts, with a {@link LeaseLostError}, if the lease is lost: no renewal
   * was answered for nine tenths of `leaseMs` (Redis unreachable, or cut
   * off), so it aborts before Redis can end the lease and grant the permits
   * to someone else; or a renewal found the lease gone (Redis lost its data).
   * Stop the work the permits guarded.
   */
  readonly signal: AbortSignal;
  /**
   * Gives the permits back. Idempotent: every call returns the same promise,
   * and only the first one talks to Redis. Rejects only if Redis cannot be
   * reached, and then the permits come back when the lease ends.
   */
  release(): Promise<void>;
}

/** What a permit gives its permits back to. */
export interface PermitOwner {
  releasePermit(id: string): Promise<void>;
}

export class HeldPermit implements RedisPermit {
  readonly times: number;
  readonly id: string;
  readonly #owner: PermitOwner;
  readonly #lease = new AbortController();
  readonly #onLost: () => void;
  #released: Promise<void> | undefined;

  constructor(owner: PermitOwner, id: string, times: number, onLost: () => void) {
    this.#owner = owner;
    this.id = id;
    this.times = times;
    this.#onLost = onLost;
  }

  get signal(): AbortSignal {
    return this.#lease.signal;
  }

  get released(): boolean {
    return this.#released !== undefined;
  }

  release(): Promise<void> {
    this.#released ??= this.#owner.releasePermit(this.id);
    return this.#released;
  }

  lose(error: LeaseLostError): void {
    if (this.#released !== undefined) return;
    this.#onLost();
    this.#lease.abort(error);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.release();
  }
}
