import { Agent } from 'node:http';
import { Queue, RateLimiter } from 'aiox';
import { type Fetched, httpGet } from '../http-get';
import { pageBody, type PageServer, startPageServer } from '../page-server';
import type { Progress } from '../progress';
import type { Scenario } from '../scenario';
import type { Row } from '../summary';
import { waitForKey } from '../wait-for-key';

const concurrency = 8;
/** The pages known at the start: the crawl's backlog, and a few urgent ones. */
const backlog = 600;
const urgentAtStart = 60;
/** Urgent pages found while the crawl runs (a sitemap read late), added once this many pages are done. */
const urgentLater = 20;
const addLaterAt = 200;
/** The frontier pauses once this many pages are done, for `pauseMs` (in a pipe) or until a key press (on a terminal). */
const pauseAt = 400;
const pauseMs = 300;
const keyTimeoutMs = 5000;
const serverLimit = { maxRequests: 100, window: 200 };
const clientLimit = { maxCalls: 90, period: 200, minInterval: 2 };
const URGENT = 10;
/** One page in four takes 40 ms more, so that 8 requests are open at once and the bound is what holds them. */
const slowPages = { slowEvery: 4, slowRun: 1, slowMs: 40 };

/** Page ids: the backlog 0…599, the urgent pages 10000… and 20000… */
const backlogIds = Array.from({ length: backlog }, (_, i) => i);
const urgentIds = Array.from({ length: urgentAtStart }, (_, i) => 10_000 + i);
const laterIds = Array.from({ length: urgentLater }, (_, i) => 20_000 + i);
const total = backlog + urgentAtStart + urgentLater;

/**
 * A crawler whose frontier is a `Queue` with priorities: urgent pages start
 * before the backlog, urgent pages found later jump what is still queued,
 * and the frontier pauses and resumes (on a key press on a terminal, on a
 * timer in a pipe). A `RateLimiter` inside each task keeps the crawl under
 * the server's limit. Every check is made from what the server saw: which
 * page each request asked for, in arrival order, and when.
 */
export const frontier: Scenario = {
  name: 'frontier',
  title: `frontier: ${total} pages through a priority Queue`,
  async run({ signal, progress }) {
    const server = await startPageServer({ ...serverLimit, ...slowPages });
    const agent = new Agent({ keepAlive: true });
    try {
      return await crawlFrontier(server, agent, signal, progress);
    } finally {
      agent.destroy();
      await server.close();
    }
  },
};

interface Pause {
  /** The pages the server had been asked for when the last running task ended, and when it resumed. */
  readonly askedBefore: number;
  readonly askedAfter: number;
  readonly queuedBefore: number;
  readonly queuedAfter: number;
  readonly ms: number;
  readonly how: string;
}

async function crawlFrontier(server: PageServer, agent: Agent, signal: AbortSignal, progress: Progress): Promise<Row[]> {
  const queue = new Queue({ concurrency, autoStart: false, signal });
  const limiter = new RateLimiter(clientLimit);
  const running = new Set<number>();
  const asked = server.stats.pagesAsked;
  let done = 0;
  let jump: { readonly askedBefore: number; readonly running: ReadonlySet<number>; readonly backlogQueued: number } | undefined;
  let pausing: Promise<Pause> | undefined;

  const page = (id: number) => async (stop: AbortSignal): Promise<Fetched & { id: number }> => {
    running.add(id);
    try {
      await limiter.acquire({ signal: stop });
      return { id, ...(await httpGet(`${server.origin}/page/${id}`, agent, stop)) };
    } finally {
      running.delete(id);
      progress.count(++done, total);
      if (done === addLaterAt) {
        // Everything the server is asked for from here on, but the pages
        // already running, must be these until they have all started.
        jump = { askedBefore: asked.length, running: new Set(running), backlogQueued: queue.size };
        for (const id of laterIds) pages.push(queue.add(page(id), { priority: URGENT }));
      }
      if (done === pauseAt) pausing = pauseFor(queue, asked);
    }
  };

  const started = performance.now();
  const pages: Promise<Fetched & { id: number }>[] = [];
  for (const id of backlogIds) pages.push(queue.add(page(id)));
  // Added after the backlog, started before it: the queue is not started yet.
  for (const id of urgentIds) pages.push(queue.add(page(id), { priority: URGENT }));
  queue.resume();
  await queue.onIdle();
  const fetched = await Promise.all(pages);
  const pause = await (pausing as Promise<Pause>);
  const seconds = (performance.now() - started) / 1000;
  const intact = fetched.filter((got) => got.status === 200 && got.body === pageBody(got.id)).length;
  progress.finish(`${server.stats.tooMany} answered 429`);

  const firstAsked = new Set(asked.slice(0, urgentAtStart));
  const urgentFirst = urgentIds.filter((id) => firstAsked.has(id)).length;
  const { askedBefore, running: runningThen, backlogQueued } = jump as NonNullable<typeof jump>;
  const askedNext = asked.slice(askedBefore).filter((id) => !runningThen.has(id)).slice(0, urgentLater);
  const laterFirst = laterIds.filter((id) => askedNext.includes(id)).length;
  const heldStill = pause.askedAfter === pause.askedBefore && pause.queuedAfter === pause.queuedBefore;
  return [
    {
      scenario: 'frontier: a priority Queue',
      measured: `${intact} of ${total} pages intact, ${server.stats.tooMany} answered 429, ${seconds.toFixed(2)} s; the server saw at most ${server.stats.peakInFlight} at once`,
      check: `all ${total}, 0 x 429, <= ${concurrency} at once`,
      ok: intact === total && server.stats.tooMany === 0 && server.stats.peakInFlight <= concurrency,
    },
    {
      scenario: '  urgent pages first',
      measured: `the server's first ${urgentAtStart} requests: ${urgentFirst} of the ${urgentAtStart} urgent pages (added after the backlog of ${backlog})`,
      check: `${urgentAtStart} of ${urgentAtStart}`,
      ok: urgentFirst === urgentAtStart,
    },
    {
      scenario: '  urgent pages found later',
      measured: `the next ${urgentLater} requests after ${addLaterAt} pages: ${laterFirst} of the ${urgentLater} added then, ahead of ${backlogQueued} queued`,
      check: `${urgentLater} of ${urgentLater}`,
      ok: laterFirst === urgentLater,
    },
    {
      scenario: '  pause and resume',
      measured: `paused ${pause.ms} ms (${pause.how}): ${pause.askedAfter - pause.askedBefore} requests reached the server, ${pause.queuedBefore} stayed queued`,
      check: '0 requests while paused; all done after',
      ok: heldStill && intact === total,
    },
  ];
}

/**
 * Pauses the queue, waits for the tasks already running to end (a pause
 * starts nothing new; it does not stop what runs), then holds it for a key
 * press on a terminal or a timer in a pipe, and resumes it. What the server
 * was asked for meanwhile is recorded.
 */
async function pauseFor(queue: Queue, asked: readonly number[]): Promise<Pause> {
  queue.pause();
  while (queue.pending > 0) await new Promise((wake) => setTimeout(wake, 1));
  const askedBefore = asked.length;
  const queuedBefore = queue.size;
  const from = performance.now();
  let how = `a ${pauseMs} ms timer`;
  if (process.stdin.isTTY) {
    process.stdout.write(`\n  paused with ${queuedBefore} pages queued: press a key to resume (or wait ${keyTimeoutMs / 1000} s)\n`);
    how = (await waitForKey(keyTimeoutMs)) ? 'until a key press' : `no key pressed in ${keyTimeoutMs / 1000} s`;
  } else {
    await new Promise((wake) => setTimeout(wake, pauseMs));
  }
  const pause = {
    askedBefore,
    askedAfter: asked.length,
    queuedBefore,
    queuedAfter: queue.size,
    ms: Math.round(performance.now() - from),
    how,
  };
  queue.resume();
  return pause;
}
