import { collect, CPU_CORES, inProcess } from 'aiox';
import type { Row } from '../summary';

/**
 * Self-contained, so it can be shipped to a child process by its source
 * text: counts the primes below `limit` the slow way.
 */
function countPrimes(limit: number): number {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}

const inputs = [1_500_000, 1_500_001, 1_500_002, 1_500_003];

/**
 * The seed's CPU-bound example: the same heavy function on four inputs, one
 * after another on the event loop, then in child processes through `collect`.
 */
export async function cpuInProcesses(): Promise<Row[]> {
  // Warm the pool (child processes start in ~50 ms) so only the work is timed.
  await collect(inputs.map(() => () => inProcess(() => 0)));

  let started = performance.now();
  const serial = inputs.map((limit) => countPrimes(limit));
  const serialMs = performance.now() - started;

  started = performance.now();
  const parallel = await collect(inputs.map((limit) => () => inProcess(countPrimes, limit)));
  const parallelMs = performance.now() - started;

  const speedUp = serialMs / parallelMs;
  const same = parallel.every((value, index) => value === serial[index]);
  const possible = Math.min(CPU_CORES, inputs.length);
  console.log(`  inProcess: ${inputs.length} CPU-bound calls, ${serialMs.toFixed(0)} ms serially, ${parallelMs.toFixed(0)} ms in processes`);
  return [
    {
      scenario: 'CPU work in processes',
      measured: `${serialMs.toFixed(0)} ms serial, ${parallelMs.toFixed(0)} ms with inProcess: ${speedUp.toFixed(2)}x on ${CPU_CORES} cores`,
      check: possible > 1 ? `same results; speed-up >= ${(possible * 0.6).toFixed(1)}x` : 'same results',
      ok: same && (possible === 1 || speedUp >= possible * 0.6),
    },
  ];
}
