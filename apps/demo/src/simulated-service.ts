/**
 * A stand-in for a remote API: each request takes a random 5-40 ms, a few
 * fail, and it records how many were in flight, so the demo can show that
 * the cap held rather than claim it.
 */
export class SimulatedService {
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
