/**
 * A stand-in for a remote API: each request takes a random 5-40 ms, a few
 * fail, and it records when each one started and how many were in flight,
 * so the demo can show that the limits held rather than claim it.
 */
export class SimulatedService {
  readonly starts: number[] = [];
  inFlight = 0;
  peakInFlight = 0;
  private readonly random: () => number;

  constructor(
    private readonly failureRate = 0,
    seed = 42,
  ) {
    this.random = mulberry32(seed);
  }

  request(id: number, signal?: AbortSignal): Promise<{ id: number; status: number }> {
    this.starts.push(performance.now());
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    const latency = 5 + this.random() * 35;
    const fails = this.random() < this.failureRate;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        this.inFlight -= 1;
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        this.inFlight -= 1;
        if (fails) reject(new Error(`request ${id} failed with 503`));
        else resolve({ id, status: 200 });
      }, latency);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The most starts seen in any window of `period` ms. */
  busiestWindow(period: number): number {
    const starts = [...this.starts].sort((a, b) => a - b);
    let best = 0;
    let low = 0;
    for (let high = 0; high < starts.length; high++) {
      while ((starts[high] ?? 0) - (starts[low] ?? 0) >= period) low++;
      best = Math.max(best, high - low + 1);
    }
    return best;
  }

  /** The shortest time spanned by `count` consecutive starts, in ms. */
  shortestSpan(count: number): number {
    const starts = [...this.starts].sort((a, b) => a - b);
    let best = Infinity;
    for (let i = count - 1; i < starts.length; i++) best = Math.min(best, (starts[i] ?? 0) - (starts[i - count + 1] ?? 0));
    return best;
  }
}

// A seeded generator keeps the demo's failures the same from run to run.
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
