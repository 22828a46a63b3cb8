/**
 * Limits kept in Redis: aiox `RedisSemaphore` and `RedisRateLimiter`
 * against Bottleneck's Redis mode (`datastore: 'ioredis'`), on one local
 * redis-server that the scenario starts before its first case and stops
 * after its last. Latency of one acquire at a time, throughput with 64 in
 * flight over 8 permits, and what each acquire costs Redis: the commands it
 * sends (round trips) and the commands Redis runs for it, script bodies
 * included, both counted on the server.
 *
 * Every sample gets a fresh key, so no contender inherits another's state
 * (or its own from the last sample). Each contender talks to Redis through
 * its own connection, made once for the whole scenario, as a program would.
 */
import { findRedisServer, missingRedisServer, type RedisServer, startRedisServer } from '@aiox/internal/redis-server';
import { RedisRateLimiter, RedisSemaphore } from '@aiox/redis';
import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import { nsPerOp } from '../harness.js';
import type { CaseSpec, Contender, Scenario, Settings, Target } from '../types.js';
import { checkInOrder, checkSum } from '../work.js';

/** Permits of the contended case, and the callers competing for them. */
const PERMITS = 8;
const IN_FLIGHT = 64;
/** More calls per window than any sample makes: the rate limiters never wait. */
const LIMIT = { calls: 1_000_000, periodMs: 1_000 } as const;

/** What the scenario's cases share while it runs: the server and one connection per contender family. */
interface Rig {
  readonly server: RedisServer;
  /** aiox's client (the caller's, as the package wants it). */
  readonly aiox: Redis;
  /** The floor's client: bare PINGs. */
  readonly floor: Redis;
  /** Bottleneck's shared connection: our client plus the subscriber it duplicates from it. */
  readonly bottleneck: Bottleneck.IORedisConnection;
  /** Markers for the command counts; never used by a contender. */
  readonly probe: Redis;
}

let current: Rig | undefined;

function rig(): Rig {
  if (current === undefined) throw new Error('the redis scenario runs only between its setup and its teardown');
  return current;
}

function connect(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  // A lost server fails the calls, which the harness reports; without a
  // listener ioredis would also print every reconnection attempt.
  client.on('error', () => {});
  return client;
}

async function close(client: Redis): Promise<void> {
  await client.quit().catch(() => client.disconnect());
}

async function setup(): Promise<() => Promise<void>> {
  const server = await startRedisServer();
  const aiox = connect(server.url);
  const floor = connect(server.url);
  const probe = connect(server.url);
  const bottleneckClient = connect(server.url);
  const bottleneck = new Bottleneck.IORedisConnection({ Redis, client: bottleneckClient });
  bottleneck.on('error', () => {});
  const teardown = async (): Promise<void> => {
    current = undefined;
    // Quits our client and the subscriber it made from it.
    await bottleneck.disconnect().catch(() => bottleneckClient.disconnect());
    await Promise.all([close(aiox), close(floor), close(probe)]);
    await server.stop();
  };
  try {
    // A promise, not the method its typings declare.
    await (bottleneck as unknown as { ready: Promise<unknown> }).ready;
    const version = /redis_version:(\S+)/.exec(await probe.info('server'))?.[1] ?? 'unknown';
    console.log(`  redis-server ${version} at ${server.url}`);
  } catch (error) {
    await teardown();
    throw error;
  }
  current = { server, aiox, floor, bottleneck, probe };
  return teardown;
}

let serial = 0;
/** A key nobody has used: every sample starts from an empty limit. */
const freshKey = (): string => `bench-${process.pid}-${++serial}`;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One limit as a contender spells it, on one key. */
interface Gate {
  /** Runs `body` under one permit (or in one rate-limit slot) and returns what it returned. */
  readonly run: <T>(body: () => Promise<T>) => Promise<T>;
  readonly close: () => Promise<void>;
}

interface Side {
  readonly name: string;
  readonly kind: Contender['kind'];
  readonly open: (rig: Rig, key: string) => Promise<Gate>;
  /**
   * Bottleneck takes milliseconds per call in Redis mode (three scripts a
   * job, and `setTimeout`s between its steps), so it runs
   * this fraction of the calls; its time per call does not depend on the count.
   */
  readonly share?: number;
}

const nothingToClose = async (): Promise<void> => {};

/** Bottleneck on a fresh id over the scenario's shared connection; `settings` are its limits. */
async function openBottleneck(r: Rig, key: string, settings: Bottleneck.ConstructorOptions): Promise<Gate> {
  const limiter = new Bottleneck({ id: key, datastore: 'ioredis', Redis, connection: r.bottleneck, clearDatastore: true, ...settings });
  limiter.on('error', () => {});
  await limiter.ready();
  return {
    run: (body) => limiter.schedule(body),
    close: () => limiter.disconnect(),
  };
}

const BOTTLENECK_SHARE = 0.025;

const semaphores = {
  floor: {
    // The least a Redis semaphore can cost: a round trip to take, one to give back.
    name: 'floor (2 PINGs)',
    kind: 'floor',
    open: async (r) => ({
      run: async (body) => {
        await r.floor.ping();
        const value = await body();
        await r.floor.ping();
        return value;
      },
      close: nothingToClose,
    }),
  },
  aiox: (permits: number): Side => ({
    name: 'aiox RedisSemaphore',
    kind: 'aiox',
    open: async (r, key) => {
      const semaphore = new RedisSemaphore({ redis: r.aiox, key, value: permits });
      return {
        run: async (body) => {
          const permit = await semaphore.acquire();
          try {
            return await body();
          } finally {
            await permit.release();
          }
        },
        close: nothingToClose,
      };
    },
  }),
  bottleneck: (permits: number): Side => ({
    name: `bottleneck maxConcurrent ${permits}`,
    kind: 'peer',
    open: (r, key) => openBottleneck(r, key, { maxConcurrent: permits }),
    share: BOTTLENECK_SHARE,
  }),
} satisfies Record<string, Side | ((permits: number) => Side)>;

const rateLimiters = {
  floor: {
    name: 'floor (1 PING)',
    kind: 'floor',
    open: async (r) => ({
      run: async (body) => {
        await r.floor.ping();
        return body();
      },
      close: nothingToClose,
    }),
  },
  aiox: {
    name: 'aiox RedisRateLimiter',
    kind: 'aiox',
    open: async (r, key) => {
      const limiter = new RedisRateLimiter({ redis: r.aiox, key, maxCalls: LIMIT.calls, period: LIMIT.periodMs });
      return {
        run: async (body) => {
          await limiter.acquire();
          return body();
        },
        close: nothingToClose,
      };
    },
  },
  bottleneck: {
    // Bottleneck's rate limit: a reservoir refilled every period, no spacing.
    name: 'bottleneck reservoir',
    kind: 'peer',
    open: (r, key) =>
      openBottleneck(r, key, {
        minTime: 0,
        reservoir: LIMIT.calls,
        reservoirRefreshAmount: LIMIT.calls,
        reservoirRefreshInterval: LIMIT.periodMs,
      }),
    share: BOTTLENECK_SHARE,
  },
} satisfies Record<string, Side>;

function callsFor(side: Side, n: number): number {
  return Math.max(20, Math.round(n * (side.share ?? 1)));
}

/** `calls` acquires one after the other; the sum of what the bodies returned. */
async function sequential(gate: Gate, calls: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < calls; i++) {
    const item = i;
    sum += await gate.run(async () => item);
  }
  return sum;
}

interface Crowd {
  readonly out: number[];
  /** The most bodies that ever ran at once. */
  readonly most: number;
}

/** `tasks` acquires from `IN_FLIGHT` callers, each body holding its permit across one `await`. */
async function crowd(gate: Gate, tasks: number): Promise<Crowd> {
  const out = new Array<number>(tasks);
  let inside = 0;
  let most = 0;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks) {
      const i = next++;
      out[i] = await gate.run(async () => {
        if (++inside > most) most = inside;
        // Holding the permit across an await is what makes the others wait.
        await null;
        inside--;
        return i;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, tasks) }, lane));
  return { out, most };
}

function checkCrowd(name: string, { out, most }: Crowd, tasks: number, permits: number): void {
  checkInOrder(out, tasks, name);
  if (most > permits) throw new Error(`${name}: ${most} holders at once with ${permits} permits`);
}

/** One sample: a fresh key, the timed work, the limit closed. */
async function onFreshKey<T>(side: Side, use: (gate: Gate) => Promise<T>): Promise<T> {
  const gate = await side.open(rig(), freshKey());
  try {
    return await use(gate);
  } finally {
    await gate.close();
  }
}

function latencyContender(side: Side, n: number, minMs: number): Contender {
  const calls = callsFor(side, n);
  return {
    name: side.name,
    kind: side.kind,
    sample: () =>
      onFreshKey(side, (gate) =>
        nsPerOp(
          calls,
          () => sequential(gate, calls),
          (sum) => checkSum(sum, calls, side.name),
          minMs,
        ),
      ),
  };
}

function throughputContender(side: Side, n: number, permits: number, minMs: number): Contender {
  const tasks = callsFor(side, n);
  return {
    name: side.name,
    kind: side.kind,
    sample: () =>
      onFreshKey(side, (gate) =>
        nsPerOp(
          tasks,
          () => crowd(gate, tasks),
          (out) => checkCrowd(side.name, out, tasks, permits),
          minMs,
        ),
      ),
  };
}

function fewer(sides: readonly Side[], n: number): string {
  return sides
    .filter((s) => s.share !== undefined)
    .map((s) => `${s.name} ${callsFor(s, n).toLocaleString('en-US')}`)
    .join(', ');
}

/**
 * aiox at least `times` times faster than Bottleneck, judged on the paired
 * per-round ratios. Measured on the shared two-core VM over four runs (3
 * or 5 rounds, load 1 to 6): 0.13 to 0.18× uncontended, 0.07 to 0.08× for
 * the rate limit, 0.19 to 0.27× contended; the limits leave room for a
 * noisier run.
 */
function fasterThan(subject: string, reference: string, times: number): Target {
  return { kind: 'ratio', subject, reference, max: 1 / times, label: `${subject} ≥ ${times}× faster than ${reference}` };
}

function semaphoreLatency(n: number, minMs: number): CaseSpec {
  const sides = [semaphores.floor, semaphores.aiox(1), semaphores.bottleneck(1)];
  return {
    id: 'redis/semaphore/uncontended',
    scenario: 'redis',
    title: 'Redis semaphore · uncontended (1 permit, 1 caller)',
    unit: 'ns/pair',
    ops: n,
    floor: semaphores.floor.name,
    peer: semaphores.bottleneck(1).name,
    contenders: sides.map((s) => latencyContender(s, n, minMs)),
    targets: [fasterThan(semaphores.aiox(1).name, semaphores.bottleneck(1).name, 4)],
    note:
      `${n.toLocaleString('en-US')} sequential acquire/release pairs around \`async () => i\` on a fresh key per sample ` +
      `(aiox: \`await sem.acquire()\`, then \`await permit.release()\`; Bottleneck: \`await limiter.schedule(fn)\`); ` +
      `fewer for ${fewer(sides, n)}. The floor sends two PINGs, the round trips a Redis semaphore cannot avoid.`,
  };
}

function rateLimitLatency(n: number, minMs: number): CaseSpec {
  const sides = [rateLimiters.floor, rateLimiters.aiox, rateLimiters.bottleneck];
  return {
    id: 'redis/rate-limit/sequential',
    scenario: 'redis',
    title: 'Redis rate limiter · never throttling · one call at a time',
    unit: 'ns/call',
    ops: n,
    floor: rateLimiters.floor.name,
    peer: rateLimiters.bottleneck.name,
    contenders: sides.map((s) => latencyContender(s, n, minMs)),
    targets: [fasterThan(rateLimiters.aiox.name, rateLimiters.bottleneck.name, 5)],
    note:
      `${n.toLocaleString('en-US')} sequential calls of \`async () => i\` on a fresh key per sample, limit ` +
      `${LIMIT.calls.toLocaleString('en-US')} per ${LIMIT.periodMs} ms (aiox \`maxCalls\`/\`period\`; Bottleneck a reservoir of ` +
      `as many refilled every period, \`minTime: 0\`), so nobody waits; fewer for ${fewer(sides, n)}. The floor sends one PING.`,
  };
}

function semaphoreThroughput(n: number, minMs: number): CaseSpec {
  const aiox = semaphores.aiox(PERMITS);
  const bottleneck = semaphores.bottleneck(PERMITS);
  const sides = [aiox, bottleneck];
  return {
    id: 'redis/semaphore/contended',
    scenario: 'redis',
    title: `Redis semaphore · contended (${PERMITS} permits, ${IN_FLIGHT} in flight)`,
    unit: 'ns/task',
    ops: n,
    peer: bottleneck.name,
    contenders: sides.map((s) => throughputContender(s, n, PERMITS, minMs)),
    targets: [fasterThan(aiox.name, bottleneck.name, 2)],
    note:
      `${n.toLocaleString('en-US')} tasks from ${IN_FLIGHT} callers over ${PERMITS} permits on a fresh key per sample, each task holding ` +
      `its permit across one \`await\`; fewer for ${fewer(sides, n)}. Checked: every result, and never more than ${PERMITS} holders at once.`,
  };
}

/** A command as MONITOR shows it: who sent it (`lua` for one run by a script) and its words. */
interface Seen {
  readonly source: string;
  readonly args: readonly string[];
}

/**
 * The commands Redis ran while `run` ran, read from MONITOR between two
 * ECHO markers the probe sends: every command of every connection (the
 * contender's client, its pub/sub connection) in the order Redis ran them,
 * those run inside scripts marked `lua`. The monitor is opened for one
 * sample only: it slows the server for everyone while it is on.
 */
async function commandsDuring(r: Rig, run: () => Promise<void>): Promise<readonly Seen[]> {
  const watcher = connect(r.server.url);
  const monitor = await watcher.monitor();
  monitor.on('error', () => {});
  const marker = `aiox-bench-${++serial}`;
  const seen: Seen[] = [];
  let inside = false;
  let ended: () => void = () => {};
  const end = new Promise<void>((resolve) => {
    ended = resolve;
  });
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    const isMarker = args[0]?.toLowerCase() === 'echo' && args[1]?.startsWith(marker) === true;
    if (isMarker) {
      inside = args[1] === `${marker}-start`;
      if (!inside) ended();
    } else if (inside) {
      seen.push({ source, args });
    }
  });
  try {
    await r.probe.echo(`${marker}-start`);
    await run();
    // Bottleneck frees a job after the job's promise settles: let its last call land inside.
    await pause(50);
    await r.probe.echo(`${marker}-end`);
    await end;
    return seen;
  } finally {
    monitor.disconnect();
    watcher.disconnect();
  }
}

type Count = 'round-trips' | 'server-commands';

interface Counted {
  readonly side: Side;
  /** What one unit is: a pair, a call or a task. */
  readonly drive: (gate: Gate, n: number, name: string) => Promise<void>;
  readonly label: string;
}

function countContender(counted: Counted, count: Count, n: number): Contender {
  const { side, drive, label } = counted;
  const acquires = callsFor(side, n);
  return {
    name: label,
    kind: side.kind,
    sample: () =>
      onFreshKey(side, async (gate) => {
        const r = rig();
        // Once untimed, uncounted: the scripts loaded, the connection warm.
        await drive(gate, 1, label);
        await pause(20);
        const seen = await commandsDuring(r, () => drive(gate, acquires, label));
        const counted = count === 'round-trips' ? seen.filter((c) => c.source !== 'lua') : seen;
        return counted.length / acquires;
      }),
  };
}

const driveSequential = async (gate: Gate, n: number, name: string): Promise<void> => {
  checkSum(await sequential(gate, n), n, name);
};

const driveCrowd =
  (permits: number) =>
  async (gate: Gate, n: number, name: string): Promise<void> => {
    checkCrowd(name, await crowd(gate, n), n, permits);
  };

const CONTENDED_AIOX = 'aiox RedisSemaphore, contended';

/** Short names: the chart has 168 px for them. */
const counted: readonly Counted[] = [
  { side: rateLimiters.aiox, drive: driveSequential, label: 'aiox RedisRateLimiter' },
  { side: semaphores.aiox(1), drive: driveSequential, label: 'aiox RedisSemaphore' },
  { side: semaphores.aiox(PERMITS), drive: driveCrowd(PERMITS), label: CONTENDED_AIOX },
  { side: rateLimiters.bottleneck, drive: driveSequential, label: 'bottleneck reservoir' },
  { side: semaphores.bottleneck(1), drive: driveSequential, label: 'bottleneck maxConcurrent 1' },
  { side: semaphores.bottleneck(PERMITS), drive: driveCrowd(PERMITS), label: 'bottleneck, contended' },
];

function commandCount(count: Count, n: number, rounds: number): CaseSpec {
  const roundTrips = count === 'round-trips';
  const aioxTargets: Target[] = roundTrips
    ? [
        { kind: 'value', subject: 'aiox RedisRateLimiter', max: 1, label: 'aiox RedisRateLimiter: 1 round trip per acquire' },
        { kind: 'value', subject: 'aiox RedisSemaphore', max: 2, label: 'aiox RedisSemaphore: 2 round trips per acquire+release' },
        // Waiting is not polling: 2 a task, plus one re-check for each waiter queued before the pub/sub subscription was confirmed.
        {
          kind: 'value',
          subject: CONTENDED_AIOX,
          max: 2.5,
          label: `aiox RedisSemaphore, ${IN_FLIGHT} callers on ${PERMITS} permits: ≤ 2.5 round trips per task`,
        },
      ]
    : [];
  return {
    id: `redis/${count}`,
    scenario: 'redis',
    title: roundTrips ? 'Redis · round trips per acquire' : 'Redis · commands Redis runs per acquire, scripts included',
    unit: 'commands/acquire',
    ops: n,
    contenders: counted.map((c) => countContender(c, count, n)),
    targets: aioxTargets,
    rounds,
    warmup: 0,
    note:
      (roundTrips
        ? 'Commands the clients sent (each a round trip), counted by the server (MONITOR, between two markers), '
        : 'Every command Redis ran, those inside Lua scripts included (MONITOR, between two markers): the work each acquire costs the server, ') +
      'per acquire: a rate-limit acquire or Bottleneck job, a semaphore acquire+release, and in the contended rows a task of ' +
      `${IN_FLIGHT} callers over ${PERMITS} permits (Bottleneck \`maxConcurrent: ${PERMITS}\`), over ` +
      `${n.toLocaleString('en-US')} (Bottleneck ${callsFor(semaphores.bottleneck(1), n)}) on a fresh key after one uncounted. ` +
      'The pub/sub connections are counted too.',
  };
}

function cases(settings: Settings): CaseSpec[] {
  const ms = settings.minSampleMs;
  const quick = settings.quick;
  const countRounds = Math.min(settings.rounds, 3);
  return [
    semaphoreLatency(quick ? 500 : 2_000, ms),
    rateLimitLatency(quick ? 500 : 2_000, ms),
    semaphoreThroughput(quick ? 1_000 : 4_000, ms),
    commandCount('round-trips', quick ? 500 : 1_000, countRounds),
    commandCount('server-commands', quick ? 500 : 1_000, countRounds),
  ];
}

export const redisScenario: Scenario = {
  id: 'redis',
  title: 'limits in Redis',
  description:
    'aiox `RedisSemaphore` and `RedisRateLimiter` against Bottleneck in Redis mode (`datastore: \'ioredis\'`, ioredis passed as its ' +
    '`Redis` option, one shared connection) on a local redis-server the scenario starts and stops, each contender on its own ' +
    'connection and on a fresh key every sample. One acquire at a time (a semaphore of 1 against `maxConcurrent: 1`; a rate limit ' +
    'that never waits against a reservoir that never runs out), time per acquire, against a floor of bare PINGs; 64 callers over 8 ' +
    'permits, time per task, checked never to exceed 8 holders; and what an acquire costs Redis, counted on the server: the ' +
    'commands sent (round trips) and every command run, those inside scripts included. Skipped when no redis-server is installed.',
  unavailable: () => (findRedisServer() === undefined ? missingRedisServer : undefined),
  setup,
  cases,
};
