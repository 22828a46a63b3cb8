// Waking a sleeping thread costs more than most calls take (seen here: about
// 25 µs a wake, two wakes a call), so each side first watches the shared
// word for a short while, as adaptive mutexes do, and only then sleeps
// (caller) or returns to its event loop (worker).
//
// The watch adapts to whether it pays: each side keeps a running success
// rate of its watches, and watches only while at least half of them see the
// change. Long calls, and a machine whose cores are all busy (where a
// watching thread takes the core the other side needs, and every watch
// fails), soon stop watching; every PROBE_EVERY-th wait then watches again
// to find out whether it pays once more.

/** The longest either side watches the shared word. */
export const SPIN_MS = 0.02;
const PROBE_EVERY = 16;
// Each watch moves the rate an eighth of the way to its outcome.
const RATE_STEP = 1 / 8;
// performance.now() costs more than a load: read the clock every few loads.
const LOADS_PER_CLOCK_READ = 32;

/** One side's watch of a shared word, with what it has learnt. */
export class Spinner {
  #rate = 1;
  #skipped = 0;

  /** Watches `state[index]` until it is not `value`, for at most {@link SPIN_MS}; returns what it holds then. */
  while(state: Int32Array, index: number, value: number): number {
    let seen = Atomics.load(state, index);
    if (seen !== value) return seen;
    if (this.#rate < 0.5 && ++this.#skipped < PROBE_EVERY) return seen;
    this.#skipped = 0;
    const until = performance.now() + SPIN_MS;
    for (;;) {
      for (let i = 0; i < LOADS_PER_CLOCK_READ; i++) {
        seen = Atomics.load(state, index);
        if (seen !== value) {
          this.#rate += (1 - this.#rate) * RATE_STEP;
          return seen;
        }
      }
      if (performance.now() >= until) {
        this.#rate -= this.#rate * RATE_STEP;
        return seen;
      }
    }
  }
}
