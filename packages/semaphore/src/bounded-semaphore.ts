import type { AcquireOptions } from './acquire-options';
import type { Permit } from './permit';
import { Semaphore } from './semaphore';
import { readTimes } from '@aiox/internal';

/**
 * A {@link Semaphore} whose value can never rise above its initial value.
 *
 * - Releasing more than was taken throws a `RangeError` and changes nothing,
 *   which catches a double release at the point where it happens.
 * - A request for more permits than the initial value could never be
 *   granted, so it is refused at once with a `RangeError` (a plain
 *   `Semaphore` lets it wait for releases to raise the value).
 *
 * @example
 * ```ts
 * const connections = new BoundedSemaphore(2);
 * await connections.acquire();
 * connections.release();
 * try {
 *   connections.release(); // one release too many
 * } catch (error) {
 *   console.log((error as Error).name); // RangeError
 * }
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  readonly #initial: number;

  /**
   * @param value - The number of permits, free at the start and never
   *   exceeded: an integer `>= 0`, default 1.
   * @throws {TypeError} `value` is not a number.
   * @throws {RangeError} `value` is not an integer `>= 0`.
   */
  constructor(value = 1) {
    super(value);
    this.#initial = value;
  }

  /**
   * As {@link Semaphore.acquire}; rejects with a `RangeError` when the
   * initial value is 0, since no permit could ever be granted.
   */
  override acquire(options?: AcquireOptions): Promise<void> {
    if (this.#initial === 0) return Promise.reject(this.#beyondInitial(1));
    return super.acquire(options);
  }

  /**
   * As {@link Semaphore.acquireMany}; rejects with a `RangeError` when
   * `times` is above the initial value, since it could never be granted.
   */
  override acquireMany(times: number, options?: AcquireOptions): Promise<Permit> {
    if (Number.isInteger(times) && times > this.#initial) return Promise.reject(this.#beyondInitial(times));
    return super.acquireMany(times, options);
  }

  /**
   * As {@link Semaphore.tryAcquire}; throws a `RangeError` when `times` is
   * above the initial value.
   */
  override tryAcquire(times?: number): boolean {
    const count = times ?? 1;
    if (Number.isInteger(count) && count > this.#initial) throw this.#beyondInitial(count);
    return super.tryAcquire(times);
  }

  /**
   * As {@link Semaphore.release}.
   *
   * @throws {RangeError} The release would raise the value above the initial
   *   value; nothing changes.
   */
  override release(times?: number): void {
    const count = readTimes(times);
    if (this.value + count > this.#initial) {
      throw new RangeError(
        `BoundedSemaphore released too many times: value ${this.value} + ${count} would exceed the initial value ${this.#initial}`,
      );
    }
    super.release(times);
  }

  #beyondInitial(times: number): RangeError {
    return new RangeError(
      `times must be an integer from 1 to ${this.#initial}, the initial value of this BoundedSemaphore (received ${times})`,
    );
  }
}
