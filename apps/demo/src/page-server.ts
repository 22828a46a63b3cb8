/**
 * A real HTTP server on loopback for the crawler to fetch from. It enforces
 * its own rate limit, as a public API would: past `maxRequests` answered in
 * the last `window` ms it answers 429. Of every `slowEvery` pages the last
 * `slowRun` take `slowMs` longer (a section behind a cache miss). It
 * records what it saw from its side of the sockets (connections open at
 * once, requests at once, when each arrived), so the demo checks what the
 * server observed, not what the client believes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface PageServerOptions {
  /** Requests answered (not with 429) in any `window` ms. */
  readonly maxRequests: number;
  readonly window: number;
  readonly slowEvery: number;
  readonly slowRun: number;
  readonly slowMs: number;
}

export interface PageServerStats {
  /** Answered with a page. */
  served: number;
  /** Answered 429 Too Many Requests. */
  tooMany: number;
  /** Unknown paths (404). */
  notFound: number;
  /** The most TCP connections open at once, counted by the server. */
  peakConnections: number;
  /** The most requests open at once: arrived and not yet answered (nor given up by the client). */
  peakInFlight: number;
  /** When each request arrived (`performance.now()`), in arrival order. */
  readonly arrivals: number[];
  /** The page each `/page/<id>` request asked for, in arrival order (429s included). */
  readonly pagesAsked: number[];
}

export interface PageServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly stats: PageServerStats;
  /** Connections open right now. */
  readonly connections: number;
  /** Stops listening and ends every connection, idle keep-alive ones included. */
  close(): Promise<void>;
}

/** The body of `/page/<id>`: the crawler checks each page it got against it. */
export function pageBody(id: number): string {
  // A mix of the id, so a body sent for the wrong request cannot pass.
  const checksum = (Math.imul(id + 1, 2654435761) >>> 0).toString(16).padStart(8, '0');
  return `<!doctype html><title>page ${id}</title><p>page ${id}, checksum ${checksum}</p>\n`;
}

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const stats: PageServerStats = {
    served: 0,
    tooMany: 0,
    notFound: 0,
    peakConnections: 0,
    peakInFlight: 0,
    arrivals: [],
    pagesAsked: [],
  };
  // Times of the answered requests still inside the window, oldest first.
  const answered: number[] = [];
  let oldest = 0;
  let connections = 0;
  let inFlight = 0;

  const withinLimit = (now: number): boolean => {
    while (oldest < answered.length && (answered[oldest] ?? 0) <= now - options.window) oldest++;
    if (answered.length - oldest >= options.maxRequests) return false;
    answered.push(now);
    return true;
  };

  const respond = (request: IncomingMessage, response: ServerResponse): void => {
    const now = performance.now();
    stats.arrivals.push(now);
    inFlight++;
    stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
    // Answered when `end` is called, not when the socket reports the write
    // done ('finish', then 'close', a loop turn or more later): by then a
    // client in another process may have read the answer and sent its next
    // request, which would be counted as open at the same time.
    let open = true;
    const answered = () => {
      if (open) {
        open = false;
        inFlight--;
      }
    };
    response.once('close', answered);

    const id = /^\/page\/(\d+)$/.exec(request.url ?? '')?.[1];
    if (id === undefined) {
      stats.notFound++;
      answered();
      response.writeHead(404).end();
      return;
    }
    stats.pagesAsked.push(Number(id));
    if (!withinLimit(now)) {
      stats.tooMany++;
      answered();
      response.writeHead(429, { 'retry-after': '1' }).end();
      return;
    }
    stats.served++;
    const body = pageBody(Number(id));
    const send = () => {
      answered();
      response.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) }).end(body);
    };
    if (Number(id) % options.slowEvery < options.slowEvery - options.slowRun) {
      send();
      return;
    }
    const timer = setTimeout(send, options.slowMs);
    // A client that gave up (Ctrl-C aborts its fetch) leaves nothing pending here.
    response.once('close', () => clearTimeout(timer));
  };

  const server = createServer(respond);
  server.on('connection', (socket: Socket) => {
    connections++;
    stats.peakConnections = Math.max(stats.peakConnections, connections);
    socket.once('close', () => connections--);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    stats,
    get connections() {
      return connections;
    },
    close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // close() alone waits for idle keep-alive sockets to time out (5 s).
      server.closeAllConnections();
      return closed;
    },
  };
}

/** The most arrivals in any window of `period` ms (two pointers over the sorted times). */
export function busiestWindow(times: readonly number[], period: number): number {
  let best = 0;
  let low = 0;
  for (let high = 0; high < times.length; high++) {
    while ((times[high] ?? 0) - (times[low] ?? 0) >= period) low++;
    best = Math.max(best, high - low + 1);
  }
  return best;
}
