import { Agent } from 'node:http';
import { collect, RateLimiter, resolve, Semaphore } from 'aiox';
import { httpGet } from '../http-get';
import { busiestWindow, type PageServer, pageBody, startPageServer } from '../page-server';
import type { Progress } from '../progress';
import type { Scenario } from '../scenario';
import type { Row } from '../summary';

const pages = 2000;
const workers = 64;
const sockets = 8;
/** What the server allows: 500 requests a second, judged over any 200 ms. */
const serverLimit = { maxRequests: 100, window: 200 };
/**
 * 90% of it on the client's side. A start the limiter grants reaches the
 * server's clock a moment later, and a moment that varies, so a client at
 * exactly the server's limit would now and then see a 429.
 */
const clientLimit = { maxCalls: 90, period: 200, minInterval: 2 };
/**
 * Of every 100 pages the last 10 take 30 ms more: while they are fetched,
 * more requests would be open than there are sockets, and the Semaphore
 * holds them back.
 */
const slowPages = { slowEvery: 100, slowRun: 10, slowMs: 30 };
/** Requests sent at once without the limiter, to show the server does enforce its limit. */
const burst = 300;

/**
 * A crawler against a real HTTP server on loopback that answers 429 past
 * its rate limit: `resolve` streams the pages back in order, a
 * `RateLimiter` keeps the starts under the server's limit, and a
 * `Semaphore` caps the sockets below the workers. Ctrl-C aborts the
 * requests in flight, and the server closes either way.
 */
export const crawl: Scenario = {
  name: 'crawl',
  title: `crawl: ${pages} pages over HTTP, ${sockets} sockets`,
  async run({ signal, progress }) {
    const server = await startPageServer({ ...serverLimit, ...slowPages });
    // Keep-alive, and no cap of its own: the Semaphore is what bounds the
    // sockets, and the server counts them from its side.
    const agent = new Agent({ keepAlive: true });
    try {
      return await crawlFrom(server, agent, signal, progress);
    } finally {
      agent.destroy();
      await server.close();
    }
  },
};

async function crawlFrom(server: PageServer, agent: Agent, signal: AbortSignal, progress: Progress): Promise<Row[]> {
  const limiter = new RateLimiter(clientLimit);
  const openSockets = new Semaphore(sockets);

  function* fetches() {
    for (let id = 0; id < pages; id++) {
      yield async (stop: AbortSignal) => {
        // The socket first, then the start slot: a request that took its
        // slot and then waited for a socket would reach the server later
        // than the limiter meant, bunched with the ones behind it.
        await openSockets.acquire({ signal: stop });
        try {
          await limiter.acquire({ signal: stop });
          return { id, ...(await httpGet(`${server.origin}/page/${id}`, agent, stop)) };
        } finally {
          openSockets.release();
        }
      };
    }
  }

  let received = 0;
  let intact = 0;
  let inOrder = true;
  const failures: unknown[] = [];
  const started = performance.now();
  for (const next of resolve(fetches(), { workers, signal })) {
    try {
      const page = await next;
      inOrder &&= page.id === received;
      if (page.status === 200 && page.body === pageBody(page.id)) intact++;
    } catch (error) {
      // One page failing is that page's outcome; an interrupt is everyone's.
      if (signal.aborted) throw error;
      failures.push(error);
    }
    progress.count(++received, pages);
  }
  const seconds = (performance.now() - started) / 1000;
  const crawled = { ...server.stats, arrivals: [...server.stats.arrivals] };
  progress.finish(`${crawled.tooMany} answered 429`);

  const statuses = await collect(
    Array.from({ length: burst }, (_, id) => async (stop: AbortSignal) => (await httpGet(`${server.origin}/page/${id}`, agent, stop)).status),
    { signal },
  );
  const refused = statuses.filter((status) => status === 429).length;

  const busiest = busiestWindow(crawled.arrivals, serverLimit.window);
  return [
    {
      scenario: 'crawl: real HTTP on loopback',
      measured: `${intact} of ${pages} pages intact, in order: ${inOrder}, ${seconds.toFixed(2)} s (${Math.round(received / seconds)} req/s)`,
      check: `all ${pages}, bodies match, in order`,
      ok: intact === pages && inOrder && failures.length === 0,
    },
    {
      scenario: "  under the server's limit",
      measured: `${crawled.tooMany} answered 429; busiest ${serverLimit.window} ms the server saw: ${busiest} requests`,
      check: `0 x 429; <= ${serverLimit.maxRequests} per ${serverLimit.window} ms (limiter: ${clientLimit.maxCalls})`,
      ok: crawled.tooMany === 0 && busiest <= serverLimit.maxRequests,
    },
    {
      scenario: '  sockets capped',
      measured: `server saw at most ${crawled.peakConnections} connections, ${crawled.peakInFlight} requests at once (${workers} workers)`,
      check: `<= ${sockets} (the Semaphore)`,
      ok: crawled.peakConnections <= sockets && crawled.peakInFlight <= sockets,
    },
    {
      scenario: '  the limit is real',
      measured: `${burst} requests without the limiter: ${refused} answered 429`,
      check: '> 0',
      ok: refused > 0,
    },
  ];
}
