/** Enough for short bursts without growing; a huge `maxCalls` must not cost memory up front. */
const INITIAL_CAPACITY = 16;

/**
 * The recent starts that the sliding-window rule still needs: at most the
 * last `maxCalls`, kept in a ring. A start older than one period can never
 * hold a later start back, so when the ring is full those are dropped before
 * it grows: memory follows the starts that really happen within one period,
 * never `maxCalls` itself.
 */
export class StartWindow {
  private readonly maxCalls: number;
  private readonly period: number;
  private times: Float64Array;
  private head = 0;
  private size = 0;

  constructor(maxCalls: number, period: number) {
    this.maxCalls = maxCalls;
    this.period = period;
    this.times = new Float64Array(Math.min(maxCalls, INITIAL_CAPACITY));
  }

  /**
   * How long until this rule lets one more call start; zero or less: now.
   * A difference of two clock readings is exact where a sum may round, so
   * the rule is checked as `now - oldest >= period`, never `now >= oldest + period`.
   */
  waitAt(now: number): number {
    // Only a full ring holds maxCalls starts, and then its head is the start
    // `maxCalls` starts ago.
    return this.size < this.maxCalls ? -Infinity : this.period - (now - (this.times[this.head] as number));
  }

  record(now: number): void {
    let times = this.times;
    if (this.size === times.length) {
      if (this.size === this.maxCalls) {
        times[this.head] = now;
        this.head = this.head + 1 === times.length ? 0 : this.head + 1;
        return;
      }
      this.dropExpired(now);
      if (this.size === times.length) times = this.grow();
    }
    let tail = this.head + this.size;
    if (tail >= times.length) tail -= times.length;
    times[tail] = now;
    this.size += 1;
  }

  private dropExpired(now: number): void {
    const times = this.times;
    while (this.size > 0 && now - (times[this.head] as number) >= this.period) {
      this.head = this.head + 1 === times.length ? 0 : this.head + 1;
      this.size -= 1;
    }
  }

  private grow(): Float64Array {
    const old = this.times;
    const grown = new Float64Array(Math.min(old.length * 2, this.maxCalls));
    // Unroll the ring so the oldest start sits at index 0 again.
    grown.set(old.subarray(this.head));
    grown.set(old.subarray(0, this.head), old.length - this.head);
    this.times = grown;
    this.head = 0;
    return grown;
  }
}
