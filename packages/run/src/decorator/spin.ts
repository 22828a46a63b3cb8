// Waking a sleeping thread costs more than most calls take (seen here: about
// 25 µs a wake, two wakes a call), so each side first watches the shared
// word for a short while, as adaptive mutexes do, and only then sleeps
// (caller) or returns to its event loop (worker). The watch is bounded in
// time: a long call costs at most SPIN_MS of CPU per side.

/** The longest either side watches the shared word before it stops watching. */
export const SPIN_MS = 0.02;
// performance.now() costs more than a load: read the clock every few loads.
const LOADS_PER_CLOCK_READ = 32;

/** Watches `state[index]` until it is not `value` or {@link SPIN_MS} pass; returns what it holds then. */
export function spinWhile(state: Int32Array, index: number, value: number): number {
  let seen = Atomics.load(state, index);
  if (seen !== value) return seen;
  const until = performance.now() + SPIN_MS;
  for (;;) {
    for (let i = 0; i < LOADS_PER_CLOCK_READ; i++) {
      seen = Atomics.load(state, index);
      if (seen !== value) return seen;
    }
    if (performance.now() >= until) return seen;
  }
}
