import { resolve, Semaphore } from 'aiox';
import { progress } from '../progress';
import { SimulatedService } from '../simulated-service';
import type { Row } from '../summary';

const total = 300;
const sockets = 8;

/**
 * `resolve` hands back one promise per request, in order, so each failure is
 * handled on its own; a `Semaphore` caps open sockets below the worker count.
 */
export async function streamingWithErrors(): Promise<Row[]> {
  const service = new SimulatedService(0.05, 7);
  const openSockets = new Semaphore(sockets);
  const bar = progress(`resolve: ${total} requests, ${sockets} sockets`, total);

  function* requests() {
    for (let id = 0; id < total; id++) {
      yield async (signal: AbortSignal) => {
        await openSockets.acquire({ signal });
        try {
          return await service.request(id, signal);
        } finally {
          openSockets.release();
        }
      };
    }
  }

  let succeeded = 0;
  let failed = 0;
  let expected = 0;
  let inOrder = true;
  for (const next of resolve(requests(), { workers: 64 })) {
    try {
      const response = await next;
      inOrder &&= response.id === expected;
      succeeded++;
    } catch {
      failed++;
    }
    expected++;
    bar.tick(succeeded + failed);
  }
  bar.finish(`${failed} failed, each handled on its own`);

  return [
    {
      scenario: 'resolve, errors per item',
      measured: `${succeeded} ok + ${failed} failed, in order: ${inOrder}`,
      check: `all ${total} accounted for`,
      ok: succeeded + failed === total && inOrder && failed > 0,
    },
    {
      scenario: '  semaphore cap',
      measured: `peak ${service.peakInFlight} open sockets (64 workers)`,
      check: `<= ${sockets}`,
      ok: service.peakInFlight <= sockets,
    },
  ];
}
