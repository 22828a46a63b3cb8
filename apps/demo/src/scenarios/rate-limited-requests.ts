import { collect, RateLimiter } from 'aiox';
import { progress } from '../progress';
import { SimulatedService } from '../simulated-service';
import type { Row } from '../summary';

const total = 1000;
const workers = 32;
const limit = { maxCalls: 100, period: 500, minInterval: 3 };
/**
 * The limiter's rules hold exactly for the moments it grants a start. The
 * request reads the clock a little later, after the continuation of its
 * `await` runs: usually at once, but a GC pause or the machine descheduling
 * the process can slip in between and make one recorded start late by
 * several ms (seen: a 495 ms window holding 101 recorded starts; two recorded
 * starts 0.26 ms apart, the first of them late). One late record moves one edge, so
 * the checks allow that much once, not per start: a window of the period
 * less the jitter, and spans of `span` consecutive starts, which the spacing
 * rule makes at least (span - 1) x minInterval long.
 */
const jitter = 10;
const span = 10;

/** 1,000 requests through `collect` with 32 workers under a rate limit. */
export async function rateLimitedRequests(): Promise<Row[]> {
  const service = new SimulatedService();
  const limiter = new RateLimiter(limit);
  const bar = progress(`collect: ${total} requests, ${workers} workers`, total);
  let done = 0;

  // A generator, so requests are created only as workers free up.
  function* requests() {
    for (let id = 0; id < total; id++) {
      yield async (signal: AbortSignal) => {
        await limiter.acquire({ signal });
        const response = await service.request(id, signal);
        bar.tick(++done);
        return response;
      };
    }
  }

  const started = performance.now();
  const responses = await collect(requests(), { workers });
  const seconds = (performance.now() - started) / 1000;
  const inOrder = responses.every((response, index) => response.id === index);
  bar.finish(`${Math.round(total / seconds)} req/s`);

  const busiest = service.busiestWindow(limit.period - jitter);
  const closest = service.shortestSpan(span);
  const least = (span - 1) * limit.minInterval;
  return [
    {
      scenario: 'collect under a rate limit',
      measured: `${total} requests in ${seconds.toFixed(2)} s, results in order: ${inOrder}`,
      check: `${responses.length} results, in source order`,
      ok: inOrder && responses.length === total,
    },
    {
      scenario: '  concurrency bound',
      measured: `peak ${service.peakInFlight} in flight`,
      check: `<= ${workers} workers`,
      ok: service.peakInFlight <= workers,
    },
    {
      scenario: '  rate window',
      measured: `busiest ${limit.period - jitter} ms window: ${busiest} starts`,
      check: `<= ${limit.maxCalls} per ${limit.period} ms`,
      ok: busiest <= limit.maxCalls,
    },
    {
      scenario: '  spacing',
      measured: `shortest run of ${span} starts: ${closest.toFixed(1)} ms`,
      check: `>= ${least} ms (${span - 1} x ${limit.minInterval} ms), less ${jitter} ms jitter`,
      ok: closest >= least - jitter,
    },
  ];
}
