import { type ChildProcess, fork } from 'node:child_process';
import { builtFile } from '@aiox/internal/built-file';
import { findRedisServer, missingRedisServer, type RedisServer, startRedisServer } from '@aiox/internal/redis-server';
import { Redis } from 'ioredis';
import { busiestWindow, type PageServer, startPageServer } from '../page-server';
import type { Progress } from '../progress';
import type { Scenario, ScenarioContext } from '../scenario';
import type { Crawled, FromWorker, Limits, ToWorker } from '../shared-limit-worker';
import type { Row } from '../summary';

const processes = 4;
const pages = 1200;
/** Tasks of each process that fetch at once: together twice the permits, so they do contend for them. */
const tasksPerProcess = 4;
/** What the server allows: 500 requests a second, judged over any 200 ms (as in the crawl scenario). */
const serverLimit = { maxRequests: 100, window: 200 };
/** The client's limits, 90% of the server's rate (see the crawl scenario), and 8 requests at once. */
const limits: Limits = { maxCalls: 90, period: 200, minInterval: 2, sockets: 8 };
/**
 * As in the crawl scenario: some pages take 30 ms more, so more requests
 * would be open at once. Each process's share is a multiple of 100 pages, so
 * the four reach their slow runs together.
 */
const slowPages = { slowEvery: 100, slowRun: 10, slowMs: 30 };
/** The keys every process names: one budget, one set of permits, in Redis. */
const sharedKeys = { rateLimit: 'demo-pages', semaphore: 'demo-sockets' };
/**
 * `AIOX_DEMO_SHARED_LIMIT_KEYS=per-process` gives each process keys of its
 * own: the same code with four budgets instead of one, so the checks of the
 * shared run fail. The demo's tests use it to show that those checks can.
 */
const perProcessKeys = process.env['AIOX_DEMO_SHARED_LIMIT_KEYS'] === 'per-process';
/**
 * The longest a request may wait for its permit. Waiting its turn among 16
 * tasks takes tens of ms; a waiter that missed the announcement of its grant
 * would sleep until its next re-check (a third of the lease, 10 s).
 */
const LONGEST_WAIT_MS = 2000;
/**
 * Script calls per request: a start slot (1, and its confirmation when it
 * waited: 1), a permit (1) and its release (1), plus a re-check now and then
 * for a waiter that queued. 4.4 measured.
 */
const MOST_SCRIPT_CALLS = 5;
/** How long a worker may take to end on its own once told to quit. */
const QUIT_MS = 5000;

/**
 * Four crawler processes (real child processes, each with its own event
 * loop, its own HTTP sockets and its own Redis connection) fetch from one
 * server that answers 429 past its rate limit. One `RedisRateLimiter` key
 * and one `RedisSemaphore` key, on a redis-server the scenario starts, hold
 * the four of them to one budget: the server, counting from its side, sees
 * no 429 and never more requests at once than the permits. Then the same
 * processes crawl again with an in-memory `RateLimiter` and `Semaphore`
 * each, the same numbers: four budgets, and the server answers 429. Ctrl-C
 * kills the processes and stops redis-server; without a redis-server the
 * scenario is skipped.
 */
export const sharedLimit: Scenario = {
  name: 'shared-limit',
  title: `shared-limit: ${processes} processes, one Redis limit`,
  async run(context) {
    if (findRedisServer() === undefined) {
      context.progress.finish('skipped: no redis-server');
      return [{ scenario: 'shared limit across processes', measured: `skipped: ${missingRedisServer}`, check: 'needs redis-server', ok: true, skipped: true }];
    }
    const redisServer = await startRedisServer();
    try {
      return await crawlFromProcesses(redisServer, context);
    } finally {
      await redisServer.stop();
    }
  },
};

/** What the server saw of one crawl, and what the workers reported. */
interface Phase {
  readonly seconds: number;
  readonly served: number;
  readonly tooMany: number;
  readonly busiest: number;
  readonly peakInFlight: number;
  /** Each worker's report, or why it has none. */
  readonly crawled: readonly (Crawled | { readonly failed: string })[];
}

async function crawlFromProcesses(redisServer: RedisServer, { signal, progress }: ScenarioContext): Promise<Row[]> {
  // The scenario's own connection, only to read the server's command count.
  const redis = new Redis(redisServer.url, { lazyConnect: true });
  redis.on('error', () => {});
  const workerFile = builtFile(import.meta.url, 'shared-limit-worker.js', '@aiox/demo');
  const workers = Array.from({ length: processes }, () => new WorkerProcess(workerFile));
  try {
    await untilAborted(Promise.all([redis.connect(), ...workers.map((worker) => worker.request({ type: 'connect', redisUrl: redisServer.url }, 'ready', signal))]), signal);

    const before = await commandCounts(redis);
    const shared = await crawlPhase(workers, 0, progress, signal, (index) => (perProcessKeys ? { rateLimit: `${sharedKeys.rateLimit}-${index}`, semaphore: `${sharedKeys.semaphore}-${index}` } : sharedKeys));
    const after = await commandCounts(redis);
    // Less the first INFO, counted once it ran.
    const commands = { scripts: after.scripts - before.scripts, all: after.all - before.all - 1, connections: after.connections - before.connections };
    const control = await crawlPhase(workers, 1, progress, signal, () => undefined);

    const quit = await untilAborted(Promise.all(workers.map((worker) => worker.quit())), signal);
    signal.throwIfAborted();
    progress.finish(`${shared.tooMany} answered 429 with one shared limit, ${control.tooMany} with one per process`);
    return rows(shared, control, commands, quit);
  } finally {
    await Promise.all(workers.map((worker) => worker.kill()));
    redis.disconnect();
  }
}

/** The `index`th crawl of all pages, split among the workers, against a page server of its own. */
async function crawlPhase(
  workers: readonly WorkerProcess[],
  index: number,
  progress: Progress,
  signal: AbortSignal,
  keysOf: (worker: number) => { rateLimit: string; semaphore: string } | undefined,
): Promise<Phase> {
  const server = await startPageServer({ ...serverLimit, ...slowPages });
  try {
    const share = pages / workers.length;
    const done = workers.map(() => 0);
    const started = performance.now();
    const crawled = await untilAborted(
      Promise.all(
        workers.map(async (worker, number) => {
          worker.onProgress = (count) => {
            done[number] = count;
            progress.count(index * pages + done.reduce((sum, each) => sum + each, 0), 2 * pages);
          };
          const keys = keysOf(number);
          const message: ToWorker = { type: 'crawl', origin: server.origin, from: number * share, to: (number + 1) * share, tasks: tasksPerProcess, limits, ...(keys ? { keys } : {}) };
          try {
            return await worker.request(message, 'crawled', signal);
          } catch (error) {
            if (signal.aborted) throw error;
            return { failed: error instanceof Error ? error.message : String(error) };
          }
        }),
      ),
      signal,
    );
    return summarize(server, crawled, (performance.now() - started) / 1000);
  } finally {
    await server.close();
  }
}

function summarize(server: PageServer, crawled: Phase['crawled'], seconds: number): Phase {
  const { served, tooMany, peakInFlight, arrivals } = server.stats;
  return { seconds, served, tooMany, peakInFlight, busiest: busiestWindow(arrivals, serverLimit.window), crawled };
}

function rows(shared: Phase, control: Phase, commands: Commands, quit: readonly string[]): Row[] {
  const share = pages / processes;
  const reports = (phase: Phase) => phase.crawled.filter((each): each is Crawled => !('failed' in each));
  const intact = reports(shared).reduce((sum, each) => sum + each.intact, 0);
  const complete = (phase: Phase) => reports(phase).filter((each) => each.intact + each.tooMany + each.other + each.errors === share).length;
  const finished = Math.min(complete(shared), complete(control));
  const exitedClean = quit.filter((how) => how === 'exit 0').length;
  const problems = [
    ...[shared, control].flatMap((phase) => phase.crawled.flatMap((each) => ('failed' in each ? [each.failed] : each.firstError !== undefined ? [`${each.errors} failed: ${each.firstError}`] : []))),
    ...quit.filter((how) => how !== 'exit 0'),
  ];
  const rate = (phase: Phase) => Math.round(pages / phase.seconds);
  const controlErrors = reports(control).reduce((sum, each) => sum + each.errors + each.other, 0);
  const longestWait = Math.max(0, ...reports(shared).map((each) => each.longestPermitWait));
  return [
    {
      scenario: `shared limit: ${processes} processes`,
      measured:
        `${intact} of ${pages} pages intact, ${shared.seconds.toFixed(2)} s (${rate(shared)} req/s); ` +
        `${finished} of ${processes} workers reported both crawls, ${exitedClean} exited 0 on their own` +
        (problems.length > 0 ? `; ${problems[0]}` : ''),
      check: `all ${pages}; every worker finished`,
      ok: intact === pages && finished === processes && exitedClean === processes && problems.length === 0,
    },
    {
      scenario: "  under the server's limit",
      measured: `${shared.tooMany} answered 429; busiest ${serverLimit.window} ms the server saw: ${shared.busiest} requests`,
      check: `0 x 429; <= ${serverLimit.maxRequests} per ${serverLimit.window} ms (one RedisRateLimiter: ${limits.maxCalls})`,
      ok: shared.tooMany === 0 && shared.busiest <= serverLimit.maxRequests,
    },
    {
      scenario: '  requests at once capped',
      measured: `server saw at most ${shared.peakInFlight} at once (${processes} processes x ${tasksPerProcess} tasks)`,
      check: `<= ${limits.sockets} (one RedisSemaphore)`,
      ok: shared.peakInFlight <= limits.sockets,
    },
    {
      scenario: '  waiters woken when a permit frees',
      measured: `longest wait for a permit: ${longestWait.toFixed(0)} ms (${processes * tasksPerProcess} tasks for ${limits.sockets} permits)`,
      check: `< ${LONGEST_WAIT_MS} ms (a missed wake-up waits out a re-check)`,
      ok: reports(shared).length === processes && longestWait < LONGEST_WAIT_MS,
    },
    {
      scenario: '  few Redis round trips',
      measured: `${commands.scripts} script calls for ${pages} requests: ${(commands.scripts / pages).toFixed(2)} per request (${commands.all} commands in all, with those the scripts ran; ${commands.connections} connections opened)`,
      check: `<= ${MOST_SCRIPT_CALLS} per request (no polling)`,
      ok: commands.scripts <= MOST_SCRIPT_CALLS * pages,
    },
    {
      scenario: '  the limit holds because it is shared',
      measured:
        `same processes, a RateLimiter (${limits.maxCalls}/${limits.period} ms) and Semaphore(${limits.sockets}) each: ` +
        `${control.tooMany} answered 429, busiest ${serverLimit.window} ms: ${control.busiest}, ${control.peakInFlight} at once`,
      check: '> 0 x 429',
      ok: control.tooMany > 0 && controlErrors === 0,
    },
  ];
}

/** What the limits cost in Redis. */
interface Commands {
  /** Script calls (EVALSHA, and EVAL when Redis did not have a script yet): the limits' round trips. */
  readonly scripts: number;
  /** Every command Redis ran, those inside the scripts included. */
  readonly all: number;
  /** Connections Redis accepted (a waiting process opens one for pub/sub). */
  readonly connections: number;
}

async function commandCounts(redis: Redis): Promise<Commands> {
  const info = await redis.info('stats', 'commandstats');
  const calls = (command: string) => Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
  const all = /^total_commands_processed:(\d+)/m.exec(info)?.[1];
  if (all === undefined) throw new Error('INFO stats has no total_commands_processed');
  const connections = Number(/^total_connections_received:(\d+)/m.exec(info)?.[1] ?? 0);
  return { scripts: calls('evalsha') + calls('eval'), all: Number(all), connections };
}

/** `promise`, or a rejection with `signal.reason` as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as unknown);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as unknown);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort as () => void));
}

type Reply<T extends FromWorker['type']> = Omit<Extract<FromWorker, { type: T }>, 'type'>;

/** A forked worker: one request at a time, its progress to a callback, killed on demand. */
class WorkerProcess {
  readonly #child: ChildProcess;
  readonly #exited: Promise<string>;
  #stderr = '';
  #waiting: { type: FromWorker['type']; resolve: (message: FromWorker) => void; reject: (error: Error) => void } | undefined;
  onProgress: (done: number) => void = () => {};

  constructor(file: string) {
    // Its stderr is kept to explain an early exit; its stdout is unused.
    this.#child = fork(file, [], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.#child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.#stderr = (this.#stderr + chunk).slice(-2000)));
    this.#child.on('message', (message: FromWorker) => {
      if (message.type === 'progress') return this.onProgress(message.done);
      const waiting = this.#waiting;
      this.#waiting = undefined;
      if (message.type === 'failed') waiting?.reject(new Error(`worker ${this.#child.pid}: ${message.message}`));
      else if (message.type === waiting?.type) waiting.resolve(message);
      else waiting?.reject(new Error(`worker ${this.#child.pid}: "${message.type}" instead of "${waiting.type}"`));
    });
    // A failed spawn or send: the call waiting for an answer gets it ('exit' follows a failed spawn).
    this.#child.on('error', (error) => {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.reject(new Error(`worker ${this.#child.pid ?? '(not started)'}: ${error.message}`));
    });
    this.#exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => {
        const how = signal === null ? `exit ${code}` : `killed by ${signal}`;
        const lastLine = this.#stderr.trim().split('\n').at(-1);
        this.#waiting?.reject(new Error(`worker ${this.#child.pid} ended (${how})${lastLine ? `: ${lastLine}` : ''}`));
        this.#waiting = undefined;
        resolve(how);
      });
    });
  }

  /** Sends `message` and resolves with the worker's `type` answer; rejects if it fails, ends or `signal` aborts. */
  request<T extends FromWorker['type']>(message: ToWorker, type: T, signal: AbortSignal): Promise<Reply<T>> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return Promise.reject(new Error(`worker ${this.#child.pid} has ended`));
    const answer = new Promise<FromWorker>((resolve, reject) => {
      this.#waiting = { type, resolve, reject };
    });
    this.#child.send(message);
    return untilAborted(answer, signal) as Promise<unknown> as Promise<Reply<T>>;
  }

  /** Tells it to quit and resolves with how it ended (`exit 0` when on its own), killing it past {@link QUIT_MS}. */
  async quit(): Promise<string> {
    if (this.#child.connected) this.#child.send({ type: 'quit' } satisfies ToWorker);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`worker ${this.#child.pid} still running ${QUIT_MS} ms after quit`), QUIT_MS);
    });
    const how = await Promise.race([this.#exited, late]).finally(() => clearTimeout(timer));
    await this.kill();
    return how;
  }

  /** Ends it (SIGTERM, SIGKILL if it lingers) unless it has ended; resolves once it has. */
  async kill(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.kill('SIGTERM');
      const timer = setTimeout(() => this.#child.kill('SIGKILL'), 2000);
      await this.#exited;
      clearTimeout(timer);
    }
  }
}
