/**
 * One of the crawler processes of the `shared-limit` scenario, forked by it
 * with an IPC channel (built to `dist/shared-limit-worker.js`). It connects
 * to the scenario's Redis, then crawls the share of pages each `crawl`
 * message names, behind either the limits shared in Redis (a
 * `RedisSemaphore` and a `RedisRateLimiter` whose keys every process names)
 * or limits of its own (an in-memory `Semaphore` and `RateLimiter`), and
 * reports what it got. A `quit` message closes its Redis connection and its
 * sockets and lets it end on its own: nothing else keeps it alive.
 *
 * Its lifetime is the scenario's: it ignores SIGINT (a Ctrl-C on a terminal
 * reaches the whole process group, and the scenario ends it), and exits if
 * the scenario goes away without a word.
 */
import { Agent } from 'node:http';
import { collect, RateLimiter, RedisRateLimiter, RedisSemaphore, Semaphore } from 'aiox';
import { Redis } from 'ioredis';
import { httpGet } from './http-get';
import { pageBody } from './page-server';

export interface Limits {
  readonly maxCalls: number;
  readonly period: number;
  readonly minInterval: number;
  /** Requests at once. */
  readonly sockets: number;
}

export type ToWorker =
  | { readonly type: 'connect'; readonly redisUrl: string }
  | {
      readonly type: 'crawl';
      readonly origin: string;
      /** The pages `[from, to)`. */
      readonly from: number;
      readonly to: number;
      /** Tasks of this process that fetch at once (before the semaphore). */
      readonly tasks: number;
      readonly limits: Limits;
      /** The Redis keys of the shared limits; none: limits of this process's own. */
      readonly keys?: { readonly rateLimit: string; readonly semaphore: string };
    }
  | { readonly type: 'quit' };

/** What one crawl got, as the worker counted it. */
export interface Crawled {
  /** 200 with the page's body. */
  readonly intact: number;
  readonly tooMany: number;
  /** Any other status, or a wrong body. */
  readonly other: number;
  /** Requests that threw, and the first such error's message. */
  readonly errors: number;
  readonly firstError?: string;
  /** The longest any request waited for its permit (semaphore), in ms. */
  readonly longestPermitWait: number;
}

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly done: number }
  | ({ readonly type: 'crawled' } & Crawled)
  | { readonly type: 'failed'; readonly message: string };

/** Progress messages: one every this many requests. */
const PROGRESS_EVERY = 20;

const send = (message: FromWorker): void => {
  process.send?.(message);
};

let redis: Redis | undefined;
const agent = new Agent({ keepAlive: true });
let quitting = false;

process.on('SIGINT', () => {});
// The scenario died without a word (killed): nothing is left to do.
process.on('disconnect', () => {
  if (!quitting) process.exit(1);
});
process.on('message', (message: ToWorker) => {
  handle(message).catch((error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
});

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'connect': {
      redis = new Redis(message.redisUrl, { lazyConnect: true });
      // Errors reach the calls that hit them; ioredis's own "unhandled error" lines would only be noise.
      redis.on('error', () => {});
      await redis.connect();
      send({ type: 'ready' });
      return;
    }
    case 'crawl':
      send({ type: 'crawled', ...(await crawl(message)) });
      return;
    case 'quit':
      quitting = true;
      await redis?.quit();
      agent.destroy();
      // With the channel closed, the process ends once nothing else holds it.
      process.disconnect();
      return;
  }
}

async function crawl({ origin, from, to, tasks, limits, keys }: Extract<ToWorker, { type: 'crawl' }>): Promise<Crawled> {
  const counts = { intact: 0, tooMany: 0, other: 0, errors: 0, longestPermitWait: 0 };
  const waited = (since: number) => {
    counts.longestPermitWait = Math.max(counts.longestPermitWait, performance.now() - since);
  };
  let firstError: string | undefined;
  let done = 0;

  // A request, held to the limits in force: a permit first, then the start
  // slot (as the crawl scenario does), so a request that took its slot does
  // not then wait for a permit and reach the server bunched with others.
  let limited: (id: number, signal: AbortSignal) => Promise<number>;
  const get = async (id: number, signal: AbortSignal): Promise<number> => {
    const page = await httpGet(`${origin}/page/${id}`, agent, signal);
    return page.status === 200 && page.body !== pageBody(id) ? -1 : page.status;
  };
  if (keys !== undefined) {
    if (redis === undefined) throw new Error('crawl with shared limits before connect');
    const semaphore = new RedisSemaphore({ redis, key: keys.semaphore, value: limits.sockets });
    const limiter = new RedisRateLimiter({ redis, key: keys.rateLimit, maxCalls: limits.maxCalls, period: limits.period, minInterval: limits.minInterval });
    limited = async (id, signal) => {
      const asked = performance.now();
      await using _permit = await semaphore.acquire({ signal });
      waited(asked);
      await limiter.acquire({ signal });
      // Awaited here: the permit goes back once the answer is in, not when the request is sent.
      return await get(id, signal);
    };
  } else {
    const semaphore = new Semaphore(limits.sockets);
    const limiter = new RateLimiter({ maxCalls: limits.maxCalls, period: limits.period, minInterval: limits.minInterval });
    limited = async (id, signal) => {
      const asked = performance.now();
      await semaphore.acquire({ signal });
      waited(asked);
      try {
        await limiter.acquire({ signal });
        return await get(id, signal);
      } finally {
        semaphore.release();
      }
    };
  }

  const ids = Array.from({ length: to - from }, (_, index) => from + index);
  await collect(
    ids.map((id) => async (signal: AbortSignal) => {
      try {
        const status = await limited(id, signal);
        if (status === 200) counts.intact++;
        else if (status === 429) counts.tooMany++;
        else counts.other++;
      } catch (error) {
        // One request failing is that request's outcome: counted, and the crawl goes on.
        counts.errors++;
        firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      if (++done % PROGRESS_EVERY === 0) send({ type: 'progress', done });
    }),
    { workers: tasks },
  );
  if (done % PROGRESS_EVERY !== 0) send({ type: 'progress', done });
  return firstError === undefined ? counts : { ...counts, firstError };
}
