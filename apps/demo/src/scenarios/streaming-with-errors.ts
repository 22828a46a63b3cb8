import { resolve, Semaphore } from 'aiox';
import type { Scenario, ScenarioContext } from '../scenario';
import { SimulatedService } from '../simulated-service';
import type { Row } from '../summary';

const total = 300;
const sockets = 8;

/**
 * `resolve` hands back one promise per request, in order, so each failure is
 * handled on its own; a `Semaphore` caps open sockets below the worker count.
 */
export const streamingWithErrors: Scenario = {
  name: 'streaming',
  title: `resolve: ${total} requests, ${sockets} sockets`,
  run: stream,
};

async function stream({ signal, progress }: ScenarioContext): Promise<Row[]> {
  const service = new SimulatedService(0.05, 7);
  const openSockets = new Semaphore(sockets);

  function* requests() {
    for (let id = 0; id < total; id++) {
      yield async (stop: AbortSignal) => {
        await openSockets.acquire({ signal: stop });
        try {
          return await service.request(id, stop);
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
  for (const next of resolve(requests(), { workers: 64, signal })) {
    try {
      const response = await next;
      inOrder &&= response.id === expected;
      succeeded++;
    } catch (error) {
      // A failed request is that item's outcome; an interrupt ends them all.
      if (signal.aborted) throw error;
      failed++;
    }
    expected++;
    progress.count(succeeded + failed, total);
  }
  progress.finish(`${failed} failed, each handled on its own`);

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
