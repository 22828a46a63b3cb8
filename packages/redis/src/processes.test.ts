// The shared limits with real, separate Node processes and real faults: each
// child (testing/fixtures/*.mjs) runs the BUILT package (global-setup.ts
// builds it from the current sources) with its own ioredis client against the
// test's redis-server. Times cross processes on one clock that every process
// of the machine shares: performance.timeOrigin + performance.now().
//
// Slack: the rules are kept by Redis on its own clock; a process sees its
// start (or grant) a little after Redis decided it: the reply's trip plus the
// timer's lateness, which a loaded two-core machine stretches. Wherever a
// measured time is compared with a rule, the slack named there is that delay
// and nothing else; the rule itself is never widened.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort as closedPort, startRedisServer } from '@aiox/internal/redis-server';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { LeaseLostError, RedisRateLimiter, RedisSemaphore, RedisUnavailableError } from './index';
import { freshKey, hasRedisServer, useRedis } from './testing/redis';
import { waitFor } from './testing/wait-for';

/** Milliseconds on the clock every process of the machine shares. */
const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Message {
  type: string;
  [field: string]: unknown;
}

interface Child {
  readonly process: ChildProcess;
  /** The next message of this type; rejects if the child crashes, exits or says nothing within `timeoutMs`. */
  next<T extends Message = Message>(type: string, timeoutMs?: number): Promise<T>;
  send(message: Message): void;
  /** Kills it with SIGKILL and waits until it is gone. */
  kill(): Promise<void>;
}

const live: ChildProcess[] = [];

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

// Every child dies with its test, passed or failed.
afterEach(async () => {
  await Promise.all(live.splice(0).map(killChild));
});

function startChild(script: string, args: object): Child {
  const path = fileURLToPath(new URL(`./testing/fixtures/${script}`, import.meta.url));
  const child = fork(path, [JSON.stringify(args)], { execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  live.push(child);
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (data: string) => (output += data));
  child.stderr?.setEncoding('utf8').on('data', (data: string) => (output += data));
  const inbox: Message[] = [];
  const wakers = new Set<() => void>();
  let ended: string | undefined;
  child.on('message', (message: Message) => {
    if (message.type === 'crash') ended = `${script} crashed: ${JSON.stringify(message['error'])}`;
    else inbox.push(message);
    for (const wake of wakers) wake();
  });
  // A send to a child that just died fails here: the test then fails on what it waits for.
  child.on('error', (error) => {
    ended ??= `${script}: ${error.message}`;
    for (const wake of wakers) wake();
  });
  child.on('exit', (code, signal) => {
    ended ??= `${script} exited (code ${code}, signal ${signal})`;
    for (const wake of wakers) wake();
  });
  return {
    process: child,
    next<T extends Message>(type: string, timeoutMs = 15_000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const deadline = setTimeout(() => {
          wakers.delete(look);
          reject(new Error(`${script} sent no "${type}" within ${timeoutMs} ms\n${output}`));
        }, timeoutMs);
        function look(): void {
          const index = inbox.findIndex((message) => message.type === type);
          if (index >= 0) {
            const [message] = inbox.splice(index, 1);
            resolve(message as T);
          } else if (ended !== undefined) {
            reject(new Error(`${ended} before sending "${type}"\n${output}`));
          } else {
            return;
          }
          clearTimeout(deadline);
          wakers.delete(look);
        }
        wakers.add(look);
        look();
      });
    },
    send(message) {
      child.send(message);
    },
    kill: () => killChild(child),
  };
}

/** Starts `count` children of one script and waits until every one is ready. */
async function startReady(count: number, script: string, args: (index: number) => object): Promise<Child[]> {
  const children = Array.from({ length: count }, (_, index) => startChild(script, args(index)));
  await Promise.all(children.map((child) => child.next('ready', 30_000)));
  return children;
}

/** The start barrier: every child begins at the same time on the shared clock, a little from now. */
function go(children: readonly Child[], leadMs = 150): number {
  const at = now() + leadMs;
  for (const child of children) child.send({ type: 'go', at });
  return at;
}

function expectUnavailable(error: unknown): void {
  expect(error).toBeInstanceOf(RedisUnavailableError);
  expect((error as RedisUnavailableError).code).toBe('ERR_AIOX_REDIS_UNAVAILABLE');
}

/** How a promise settled, and when (shared clock). */
async function settle<T>(promise: Promise<T>): Promise<{ at: number; value?: T; error?: unknown }> {
  try {
    const value = await promise;
    return { at: now(), value };
  } catch (error) {
    return { at: now(), error };
  }
}

/**
 * A TCP proxy to Redis that can cut the way off without closing it (what a
 * network partition looks like: packets stop, nothing says so), and heal it
 * (the cut connections close, so the client reconnects and resends).
 */
async function startProxy(target: number): Promise<{ port: number; cut(): void; heal(): void; close(): Promise<void> }> {
  const pairs = new Set<[Socket, Socket]>();
  let cut = false;
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const forget = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
    client.on('data', (data) => void (cut || upstream.write(data)));
    upstream.on('data', (data) => void (cut || client.write(data)));
    upstream.connect(target, '127.0.0.1');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const heal = () => {
    cut = false;
    for (const [client, upstream] of [...pairs]) {
      client.destroy();
      upstream.destroy();
    }
  };
  return {
    port: address.port,
    cut() {
      cut = true;
    },
    heal,
    async close() {
      heal();
      server.close();
      await once(server, 'close');
    },
  };
}

describe.skipIf(!hasRedisServer)('separate processes', () => {
  const fixture = useRedis();
  const quietClient = (options?: Parameters<typeof fixture.client>[0]): Redis => {
    const client = fixture.client(options);
    client.on('error', () => {});
    return client;
  };
  /** What Redis still has of one limit's key. */
  const keysOf = async (key: string): Promise<string[]> => (await fixture.keys()).filter((name) => name.startsWith(`aiox:{${key}}`));

  it('keep one rate limit: in every window at most maxCalls starts, minInterval apart, and no slower than the rules', async () => {
    const rules = { maxCalls: 4, period: 500, minInterval: 70 };
    const processes = 4;
    const lanes = 2;
    const perLane = 4;
    const key = freshKey('rl');
    const children = await startReady(processes, 'rate-limit-burst.mjs', () => ({
      url: fixture.server.url,
      key,
      ...rules,
      lanes,
      perLane,
    }));
    const at = go(children);
    const reports = await Promise.all(children.map((child) => child.next<{ type: 'done'; starts: number[] }>('done')));

    const starts = reports.flatMap((report) => report.starts).sort((a, b) => a - b);
    expect(starts).toHaveLength(processes * lanes * perLane);
    // Every process got some of the early starts, not one process first and the others after.
    for (const report of reports) expect(Math.min(...report.starts) - at).toBeLessThan(rules.period * 2);

    // The schedule the rules allow at best: every call arrives at the
    // barrier, so the k-th start (in time order) is no earlier than `at` +
    // ideal(k): bursts of maxCalls starts minInterval apart, a period apart.
    const ideal = (k: number) => Math.floor(k / rules.maxCalls) * rules.period + (k % rules.maxCalls) * rules.minInterval;
    // A process sees its start after the slot Redis reserved for it (by the
    // reply's trip and its timer's lateness), never before it; so the k-th
    // start is no earlier than the k-th slot, and no scheduling slack is
    // needed here: only the clock's (Redis's TIME and the shared clock are
    // one system clock, read by different processes: 1 ms).
    const behind = starts.map((start, k) => start - at - ideal(k));
    const gaps = starts.slice(1).map((start, k) => start - (starts[k] as number));
    const spans = starts.slice(rules.maxCalls).map((start, k) => start - (starts[k] as number));
    const total = (starts[starts.length - 1] as number) - at;
    const idealTotal = ideal(starts.length - 1);
    console.log(
      `rate limit, ${processes} processes × ${lanes * perLane} starts: never ahead of the rules (${Math.min(...behind).toFixed(2)} to ` +
        `${Math.max(...behind).toFixed(2)} ms behind them); last start +${total.toFixed(1)} ms (ideal ${idealTotal}); smallest gap ` +
        `${Math.min(...gaps).toFixed(2)} ms (minInterval ${rules.minInterval}); smallest span of ${rules.maxCalls + 1} starts ` +
        `${Math.min(...spans).toFixed(2)} ms (period ${rules.period})`,
    );
    expect(Math.min(...behind)).toBeGreaterThanOrEqual(-1);

    // The rules again, pair by pair on the starts as seen: now the two
    // starts' delays differ, process from process, and that difference is
    // the slack. Scheduling only: a reply's trip and a process not run in
    // time to read it (a late timer is made up for by the confirmation, see
    // the next test): 1-6 ms on an idle machine, but up to 35 ms seen on the
    // two-core machine loaded by other work, and once 55, so 50. (In one
    // process, packages/rate-limit's real-clock property needs only 5 ms:
    // one thread, no other process to wait for.) The rules are wide enough
    // for the checks to keep their teeth: without minInterval the gaps
    // would be ~0, without the window a span would be maxCalls ×
    // minInterval = 280, with a budget per process the first burst twice as big.
    const slack = 50;
    // Consecutive starts are at least minInterval apart ...
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(rules.minInterval - slack);
    // ... and no window of one period holds more than maxCalls: the start
    // maxCalls later is at least a period after.
    expect(Math.min(...spans)).toBeGreaterThanOrEqual(rules.period - slack);
    // And it is not slow: about what the rules require, not much more.
    expect(total).toBeLessThan(idealTotal * 1.5 + 300);
  });

  it('keep one rate limit on the starts the processes see, even when their timers fire late (no gap < minInterval, no period with more than maxCalls)', async () => {
    // Three processes whose timers fire 0, 6 and 12 ms late: Redis reserved
    // each a slot minInterval apart, and one that wakes late starts closer
    // to the next process's start (a service counting strictly answers 429).
    const rules = { maxCalls: 5, period: 500, minInterval: 20 };
    const lateness = [0, 6, 12];
    const count = 10;
    const key = freshKey('rl-late');
    const children = await startReady(lateness.length, 'rate-limit-late.mjs', (index) => ({
      url: fixture.server.url,
      key,
      ...rules,
      count,
      lateMs: lateness[index],
    }));
    const at = go(children);
    const reports = await Promise.all(
      children.map((child) => child.next<{ type: 'done'; starts: number[]; decisions: number[]; scripts: number }>('done')),
    );
    const starts = reports.flatMap((report) => report.starts).sort((a, b) => a - b);
    expect(starts).toHaveLength(lateness.length * count);
    const gapsOf = (times: number[]) => times.slice(1).map((time, k) => time - (times[k] as number));
    const spansOf = (times: number[]) => times.slice(rules.maxCalls).map((time, k) => time - (times[k] as number));
    const gaps = gapsOf(starts);
    const spans = spansOf(starts);
    // On Redis's clock the rules hold exactly for the starts it let happen (µs rounding aside).
    const decided = reports.flatMap((report) => report.decisions).sort((a, b) => a - b);
    expect(decided.every(Number.isFinite)).toBe(true);
    expect(Math.min(...gapsOf(decided))).toBeGreaterThanOrEqual(rules.minInterval - 0.002);
    expect(Math.min(...spansOf(decided))).toBeGreaterThanOrEqual(rules.period - 0.002);
    // Each start is seen that long after Redis decided it: the reply's delivery.
    const delivery = reports.flatMap((report) => report.starts.map((start, k) => start - (report.decisions[k] as number)));
    const jitter = Math.max(...delivery) - Math.min(...delivery);
    const scripts = reports.reduce((sum, report) => sum + report.scripts, 0);
    const total = (starts[starts.length - 1] as number) - at;
    const ideal = Math.floor((starts.length - 1) / rules.maxCalls) * rules.period + ((starts.length - 1) % rules.maxCalls) * rules.minInterval;
    console.log(
      `rate limit, late timers (${lateness.join('/')} ms): delivery ${Math.min(...delivery).toFixed(2)} to ${Math.max(...delivery).toFixed(2)} ms; ` +
        `smallest gap ${Math.min(...gaps).toFixed(2)} ms (minInterval ${rules.minInterval}); ` +
        `smallest span of ${rules.maxCalls + 1} starts ${Math.min(...spans).toFixed(2)} ms (period ${rules.period}); ` +
        `${(scripts / starts.length).toFixed(2)} script calls per start; last start +${total.toFixed(1)} ms (ideal ${ideal})`,
    );
    // A start is seen when the reply that allowed it reaches its process:
    // the reply's delivery (the trip, and the process being run to read it)
    // differs from start to start: 0.3-10 ms measured on a two-core machine
    // at load 10, up to 130 when a process was not run for that long. That
    // jitter, measured above, is the only slack: a late timer is made up for
    // (it was not: with a fixed 3 ms slack, gaps of 1.1 ms and a span of
    // 277 ms, as the lateness went into the starts unseen by Redis).
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(rules.minInterval - jitter);
    expect(Math.min(...spans)).toBeGreaterThanOrEqual(rules.period - jitter);
    expect(total).toBeLessThan(ideal * 1.5 + 300);
  });

  it('keep one semaphore: never more than value permits held at once, everybody finishes, nothing left in Redis', async () => {
    const value = 3;
    const processes = 5;
    const rounds = 20;
    const key = freshKey('sem');
    const counterKey = freshKey('held-now');
    const children = await startReady(processes, 'semaphore-rounds.mjs', () => ({
      url: fixture.server.url,
      key,
      value,
      rounds,
      counterKey,
    }));
    go(children);
    type Hold = { times: number; permitTimes: number; enter: number; leave: number; peak: number; lost: boolean };
    const reports = await Promise.all(children.map((child) => child.next<{ type: 'done'; holds: Hold[] }>('done', 30_000)));

    const holds = reports.flatMap((report, index) => report.holds.map((hold, round) => ({ ...hold, process: index, round })));
    for (const report of reports) expect(report.holds).toHaveLength(rounds);
    for (const hold of holds) {
      expect(hold.permitTimes).toBe(hold.times);
      expect(hold.lost).toBe(false);
    }
    // Counted in Redis, inside each hold: the permits held at once.
    const peak = Math.max(...holds.map((hold) => hold.peak));
    // Counted on the shared clock: each hold's [enter, leave] lies inside the
    // time Redis had it granted (entered after the grant arrived, left before
    // the release was sent), so their overlap never exceeds value either.
    const events = holds.flatMap((hold) => [
      { at: hold.enter, change: hold.times, hold },
      { at: hold.leave, change: -hold.times, hold },
    ]);
    events.sort((a, b) => a.at - b.at || a.change - b.change);
    let held = 0;
    let localPeak = 0;
    let worst: string[] = [];
    const holding = new Set<(typeof holds)[number]>();
    const t0 = Math.min(...holds.map((hold) => hold.enter));
    for (const event of events) {
      held += event.change;
      if (event.change > 0) holding.add(event.hold);
      else holding.delete(event.hold);
      if (held > localPeak) {
        localPeak = held;
        worst = [...holding].map(
          (hold) =>
            `process ${hold.process} round ${hold.round}: ${hold.times} permit(s) from ${(hold.enter - t0).toFixed(2)} to ${(hold.leave - t0).toFixed(2)} ms (Redis count ${hold.peak})`,
        );
      }
    }
    console.log(`semaphore, ${processes} processes × ${rounds} rounds: peak ${peak} permits in Redis, ${localPeak} on the shared clock (value ${value})`);
    expect(peak).toBeLessThanOrEqual(value);
    expect(localPeak, `held at once:\n${worst.join('\n')}`).toBeLessThanOrEqual(value);
    // The processes did contend (else the test shows nothing).
    expect(peak).toBeGreaterThanOrEqual(2);

    const admin = quietClient();
    expect(await admin.get(counterKey)).toBe('0');
    await admin.del(counterKey);
    expect(await keysOf(key)).toEqual([]);
  });

  it('kill -9 of a holder: its permit comes back when its lease ends, to a waiter already queued', async () => {
    const leaseMs = 1000;
    const key = freshKey('killed');
    const holder = startChild('holder.mjs', { url: fixture.server.url, key, value: 1, leaseMs });
    const { asked } = await holder.next<{ type: 'held'; asked: number }>('held', 30_000);
    const semaphore = new RedisSemaphore({ redis: quietClient(), key, value: 1, leaseMs });
    const waiter = settle(semaphore.acquire());
    await holder.kill();
    const killedAt = now();
    const { at, value: permit, error } = await waiter;
    expect(error).toBeUndefined();
    // Redis granted the holder after it asked, and the lease lasts leaseMs
    // from the grant: the waiter cannot have it sooner (2 ms: Redis's clock
    // counted in whole ms, and the shared clock's reading across processes).
    console.log(`kill -9: granted ${(at - asked).toFixed(0)} ms after the killed holder asked, ${(at - killedAt).toFixed(0)} ms after the kill (lease ${leaseMs} ms)`);
    expect(at - asked).toBeGreaterThanOrEqual(leaseMs - 2);
    // ... and has it within the lease, plus a re-check's delay.
    expect(at - killedAt).toBeLessThanOrEqual(leaseMs + 500);
    await permit?.release();
    expect(await keysOf(key)).toEqual([]);
  });

  it('kill -9 of a holder that renewed its lease: held while it lived, back within leaseMs of its death', async () => {
    const leaseMs = 900;
    const key = freshKey('renewed');
    const holder = startChild('holder.mjs', { url: fixture.server.url, key, value: 2, leaseMs, times: 2 });
    await holder.next('held', 30_000);
    const semaphore = new RedisSemaphore({ redis: quietClient(), key, value: 2, leaseMs });
    // For 2 leases the holder keeps renewing (every third of one): nobody else gets a permit.
    const until = now() + leaseMs * 2;
    while (now() < until) {
      expect(await semaphore.tryAcquire()).toBeUndefined();
      await sleep(50);
    }
    await holder.kill();
    const killedAt = now();
    const { at, value: permit, error } = await settle(semaphore.acquireMany(2));
    expect(error).toBeUndefined();
    console.log(`kill -9 after renewals: granted ${(at - killedAt).toFixed(0)} ms after the kill (lease ${leaseMs} ms)`);
    // The last renewal was at most a third of a lease (plus a late timer)
    // before the kill, so the lease ended no sooner than this after it.
    expect(at - killedAt).toBeGreaterThanOrEqual(leaseMs / 3);
    expect(at - killedAt).toBeLessThanOrEqual(leaseMs + 500);
    await permit?.release();
    expect(await keysOf(key)).toEqual([]);
  });

  it('a Redis restart mid-run: every call succeeds or rejects with RedisUnavailableError, none hangs, all succeed after it, a lost permit aborts', async () => {
    const limiterKey = freshKey('churn-rl');
    const semaphoreKey = freshKey('churn-sem');
    const lanes = 2;
    // Each kind in two processes: one whose deadline is shorter than the
    // outage (its calls then reject), one whose deadline outlasts it (its
    // calls wait in ioredis's offline queue and succeed after).
    const timeouts = [250, 1500];
    const settleMs = 5000;
    const churn = (kind: 'limiter' | 'semaphore', redisTimeout: number) => ({
      url: fixture.server.url,
      kind,
      key: kind === 'limiter' ? limiterKey : semaphoreKey,
      // One permit for each lane, so no call has to wait for another; the
      // limiter's budget is above what the lanes ask.
      options: kind === 'limiter' ? { maxCalls: 100, period: 100, redisTimeout } : { value: timeouts.length * lanes, redisTimeout },
      lanes,
      pauseMs: 10,
      settleMs,
    });
    const children = await Promise.all(
      (['limiter', 'semaphore'] as const).flatMap((kind) =>
        timeouts.map(async (redisTimeout) => ({ kind, redisTimeout, child: (await startReady(1, 'churn.mjs', () => churn(kind, redisTimeout)))[0] as Child })),
      ),
    );
    // A holder here, whose permit will vanish with Redis's data, and a
    // waiter in another process, queued behind it: its place vanishes too.
    const leaseMs = 600;
    const vanishing = { key: freshKey('vanishing'), value: 1, leaseMs, redisTimeout: 1500 };
    const held = await new RedisSemaphore({ redis: quietClient(), ...vanishing }).acquire();
    const lost = new Promise<number>((resolve) => held.signal.addEventListener('abort', () => resolve(now())));
    const waiter = startChild('waiter.mjs', { url: fixture.server.url, ...vanishing });
    await waiter.next('queued', 30_000);

    await sleep(400);
    const down = now();
    await fixture.server.restart({ downMs: 300 });
    const up = now();
    await sleep(1200);
    for (const { child } of children) child.send({ type: 'stop' });
    type Call = { op: string; start: number; end: number; ok: boolean; error?: { name: string; code: string; message: string } };
    const reports = await Promise.all(
      children.map(async ({ child, redisTimeout, kind }) => ({
        redisTimeout,
        kind,
        ...(await child.next<{ type: 'done'; calls: Call[]; settled: boolean; pending: unknown[] }>('done', settleMs + 10_000)),
      })),
    );

    // ioredis tries to reconnect with growing pauses (50, 100, 150 … ms), so
    // a client may be back up to ~250 ms after Redis is; "after the restart"
    // means after that, with slack for a loaded machine.
    const back = up + 500;
    const lines: string[] = [];
    const describeCalls = (kind: string, redisTimeout: number, list: readonly { op: string; start: number }[]) =>
      list.map(({ op, start }) => `${kind} (redisTimeout ${redisTimeout}) ${op} started ${(start - down).toFixed(0)} ms after Redis went down, ${(start - up).toFixed(0)} ms after it was back`);
    for (const { kind, redisTimeout, calls, settled, pending } of reports) {
      expect(describeCalls(kind, redisTimeout, pending as { op: string; start: number }[])).toEqual([]);
      expect(settled).toBe(true);
      const failed = calls.filter((call) => !call.ok);
      for (const call of failed) expect(call.error).toMatchObject({ name: 'RedisUnavailableError', code: 'ERR_AIOX_REDIS_UNAVAILABLE' });
      // None hangs: each settles within its redisTimeout (a limiter's
      // acquire may also sleep up to a period for its slot), plus slack for
      // a loaded machine.
      const longest = Math.max(...calls.map((call) => call.end - call.start));
      expect(longest).toBeLessThanOrEqual(redisTimeout + 100 + 500);
      // Before the restart everything worked; after it everything works
      // again (the scripts are loaded again after NOSCRIPT).
      const before = calls.filter((call) => call.end < down);
      const after = calls.filter((call) => call.start > back);
      expect(before.length).toBeGreaterThan(0);
      expect(before.filter((call) => !call.ok)).toEqual([]);
      expect(after.filter((call) => !call.ok)).toEqual([]);
      for (const op of ['acquire', 'tryAcquire']) expect(after.filter((call) => call.op === op).length).toBeGreaterThan(0);
      lines.push(
        `${calls.length} calls (redisTimeout ${redisTimeout}): ${failed.length} rejected with RedisUnavailableError, longest ${longest.toFixed(0)} ms, ${after.length} after the restart all fine`,
      );
    }
    console.log(`restart (${(up - down).toFixed(0)} ms down):\n  ${lines.join('\n  ')}`);
    // The short deadline did run out during the outage, somewhere.
    const short = reports.filter((report) => report.redisTimeout === 250).flatMap((report) => report.calls);
    expect(short.filter((call) => !call.ok).length).toBeGreaterThan(0);

    // The permit held through the restart is gone from Redis: its signal
    // aborts at the first renewal after Redis is back (a third of a lease
    // later at most, once ioredis reconnected).
    const lostAt = await lost;
    expect(held.signal.reason).toBeInstanceOf(LeaseLostError);
    console.log(
      `restart: the vanished permit's signal aborted ${(lostAt - up).toFixed(0)} ms after Redis was back (lease ${leaseMs} ms)`,
    );
    expect(lostAt - up).toBeLessThanOrEqual(leaseMs + 300);
    // The waiter hears its pub/sub connection drop and come back, asks
    // again, is queued afresh and served (nothing holds in the new Redis):
    // it does not wait for ever on a grant that can no longer come.
    const served = await waiter.next<{ type: 'settled'; at: number; error?: unknown }>('settled', 10_000);
    console.log(`restart: the waiter queued across it was served ${(served.at - up).toFixed(0)} ms after Redis was back`);
    expect(served.error).toBeUndefined();
    expect(served.at - up).toBeLessThanOrEqual(vanishing.redisTimeout + 500);
    await held.release();
  });

  it('kill -9 of a waiter: its place in the queue drops out, the one behind it is served within leaseMs', async () => {
    const options = { key: freshKey('dead-waiter'), value: 1, leaseMs: 600 };
    const semaphore = new RedisSemaphore({ redis: quietClient(), ...options });
    const holder = await semaphore.acquire();
    const dead = startChild('waiter.mjs', { url: fixture.server.url, ...options });
    await dead.next('queued', 30_000);
    await sleep(100);
    await dead.kill();
    const next = settle(semaphore.acquire());
    const admin = quietClient();
    await waitFor('the next waiter queued behind the dead one', async () => (await admin.zcard(`aiox:{${options.key}}:sem:queue`)) === 2);
    await holder.release();
    const released = now();
    // The permit goes to the head of the queue, the dead waiter (its own
    // lease had not ended yet), and comes back when that lease ends.
    const { at, value: permit, error } = await next;
    console.log(`dead waiter: the next one was served ${(at - released).toFixed(0)} ms after the release (lease ${options.leaseMs} ms)`);
    expect(error).toBeUndefined();
    expect(at - released).toBeLessThanOrEqual(options.leaseMs + 500);
    await permit?.release();
    expect(await keysOf(options.key)).toEqual([]);
  });

  it('a Redis that cannot be reached: acquire and tryAcquire of both reject with RedisUnavailableError within redisTimeout', async () => {
    const port = await closedPort();
    const clients: Redis[] = [];
    const client = (options: object = {}): Redis => {
      const redis = new Redis({ host: '127.0.0.1', port, ...options });
      redis.on('error', () => {});
      clients.push(redis);
      return redis;
    };
    try {
      // A client with ioredis's defaults retries for ever and queues the
      // calls meanwhile: only the package's own deadline ends them.
      const patient = client();
      const redisTimeout = 400;
      const timed = async (call: () => Promise<unknown>, timeout: number) => {
        const started = now();
        const { at, error } = await settle(call());
        return { elapsed: at - started, error, timeout };
      };
      const limiter = new RedisRateLimiter({ redis: patient, key: 'away', maxCalls: 1, period: 1000, redisTimeout });
      const semaphore = new RedisSemaphore({ redis: patient, key: 'away', value: 2, redisTimeout });
      const byDefault = { redis: patient, key: 'away-default' };
      const results = await Promise.all([
        timed(() => limiter.acquire(), redisTimeout),
        timed(() => limiter.tryAcquire(), redisTimeout),
        timed(() => semaphore.acquire(), redisTimeout),
        timed(() => semaphore.acquireMany(2), redisTimeout),
        timed(() => semaphore.tryAcquire(), redisTimeout),
        // The default deadline, 5 s.
        timed(() => new RedisRateLimiter({ ...byDefault, maxCalls: 1, period: 1000 }).acquire(), 5000),
        timed(() => new RedisSemaphore({ ...byDefault, value: 1 }).acquire(), 5000),
      ]);
      console.log(`unreachable: rejected after ${results.map((result) => `${result.elapsed.toFixed(0)}/${result.timeout}`).join(', ')} ms`);
      for (const { elapsed, error, timeout } of results) {
        expectUnavailable(error);
        // The deadline is what ended it (1 ms: timers round), and not much later.
        expect(elapsed).toBeGreaterThanOrEqual(timeout - 1);
        expect(elapsed).toBeLessThanOrEqual(timeout + 500);
      }

      // A client that fails calls at once: the package says so at once, with the client's error as cause.
      const impatient = client({ enableOfflineQueue: false, retryStrategy: () => null });
      const quick = [
        await timed(() => new RedisRateLimiter({ redis: impatient, key: 'away', maxCalls: 1, period: 1000 }).acquire(), 5000),
        await timed(() => new RedisSemaphore({ redis: impatient, key: 'away', value: 1 }).tryAcquire(), 5000),
      ];
      for (const { elapsed, error } of quick) {
        expectUnavailable(error);
        expect((error as Error).cause).toBeInstanceOf(Error);
        expect(elapsed).toBeLessThan(1000);
      }
    } finally {
      for (const redis of clients) redis.disconnect();
    }
  });

  it('a Redis that dies: a queued waiter rejects with RedisUnavailableError within redisTimeout of it', async () => {
    const server = await startRedisServer();
    const clients: Redis[] = [];
    const client = (): Redis => {
      const redis = new Redis(server.url);
      redis.on('error', () => {});
      clients.push(redis);
      return redis;
    };
    try {
      const options = { key: 'dies', value: 1, leaseMs: 900, redisTimeout: 600 };
      const holder = await new RedisSemaphore({ ...options, redis: client() }).acquire();
      // The waiter is in another process: it learns of the death on its own.
      const waiter = startChild('waiter.mjs', { url: server.url, ...options });
      await waiter.next('queued', 30_000);
      await sleep(100);
      const dying = now();
      await server.stop();
      const dead = now();
      const { at, error } = await waiter.next<{ type: 'settled'; at: number; error?: { name: string; code: string } }>('settled', 10_000);
      // The waiter hears its pub/sub connection close and asks Redis at once;
      // that call ends at redisTimeout. Had it missed the close, its next
      // re-check (a third of a lease later) would: redisTimeout + leaseMs/3.
      console.log(`died: the waiter rejected ${(at - dead).toFixed(0)} ms after Redis was gone (redisTimeout ${options.redisTimeout}, leaseMs ${options.leaseMs})`);
      expect(error).toMatchObject({ name: 'RedisUnavailableError', code: 'ERR_AIOX_REDIS_UNAVAILABLE' });
      expect(at - dying).toBeGreaterThanOrEqual(options.redisTimeout - 1);
      expect(at - dead).toBeLessThanOrEqual(options.redisTimeout + options.leaseMs / 3 + 300);
      // The holder's release cannot reach Redis either: it says so, within redisTimeout.
      const released = await settle(holder.release());
      expectUnavailable(released.error);
      expect(released.at - dead).toBeLessThanOrEqual(options.redisTimeout * 2 + 500);
    } finally {
      for (const redis of clients) redis.disconnect();
      await server.stop();
    }
  });

  // Found by this file (a bug in the library, kept failing until fixed): a
  // call given up on is undone by a release sent after it on the same
  // connection, but when Redis has lost its scripts (a restart, SCRIPT
  // FLUSH) the call is answered NOSCRIPT and sent again as EVAL only then,
  // after the undo, which Redis has already run (its script was loaded).
  // So the acquire runs last and holds a permit for nobody, for a whole
  // lease (30 s by default): after a restart, waiters stall on it.
  it('a call given up on while Redis had lost its scripts holds nothing once Redis answers again', async () => {
    const key = freshKey('reload');
    const semaphore = new RedisSemaphore({ redis: quietClient(), key, value: 1, redisTimeout: 200 });
    const admin = quietClient();
    const first = await semaphore.acquire();
    // What a restart does to the scripts; then the release loads its own
    // again (EVAL after NOSCRIPT), and the acquire's is still missing.
    await admin.script('FLUSH');
    await first.release();
    // Redis holds every client's commands for a while: the acquire is given up on at 200 ms.
    await admin.client('PAUSE', 400, 'ALL');
    const given = await settle(semaphore.acquire());
    expectUnavailable(given.error);
    await sleep(700);
    // The pause is over, Redis ran what it was sent: nothing may be held now.
    const probe = await semaphore.tryAcquire();
    const left = await keysOf(key);
    await probe?.release();
    expect(probe, `a permit is held by nobody; Redis has ${left.join(', ')}`).toBeDefined();
  });

  // Found by this file (fixed in 030f5b0): the lease keeper declared a lease
  // lost only when a renewal call had failed, and a renewal that gets no
  // answer (a partition: no reply, no error) fails only at redisTimeout. So
  // the signal aborted up to a third of a lease plus redisTimeout after the
  // last good renewal, while Redis ended the lease leaseMs after it and gave
  // the permit to someone else: two holders, one not told (with
  // redisTimeout 3000 the signal aborted ~2.6 s after the permit had gone to
  // another holder; with 300, below leaseMs, still ~400 ms after).
  it.each([{ redisTimeout: 3000 }, { redisTimeout: 300 }])(
    'a holder cut off from Redis has its signal aborted by the time its lease can end (leaseMs 600, redisTimeout $redisTimeout)',
    async ({ redisTimeout }) => {
      const leaseMs = 600;
      const key = freshKey('partition');
      const proxy = await startProxy(fixture.server.port);
      const cutOff = new Redis({ host: '127.0.0.1', port: proxy.port });
      cutOff.on('error', () => {});
      try {
        const held = await new RedisSemaphore({ redis: cutOff, key, value: 1, leaseMs, redisTimeout }).acquire();
        const lostAt = new Promise<number>((resolve) => held.signal.addEventListener('abort', () => resolve(now())));
        const other = new RedisSemaphore({ redis: quietClient(), key, value: 1, leaseMs });
        const waiting = other.acquire();
        const admin = quietClient();
        await waitFor('the other waiter queued', async () => (await admin.zcard(`aiox:{${key}}:sem:queue`)) === 1);
        proxy.cut();
        const cut = now();
        const taken = await waiting;
        const takenAt = now();
        const abortedWhenTaken = held.signal.aborted;
        const aborted = await Promise.race([lostAt, sleep(redisTimeout + leaseMs * 2).then(() => Number.NaN)]);
        console.log(
          `partition (redisTimeout ${redisTimeout}): the permit went to another holder ${(takenAt - cut).toFixed(0)} ms after the cut; ` +
            `the cut-off holder's signal aborted ${(aborted - cut).toFixed(0)} ms after it (lease ${leaseMs} ms)`,
        );
        await taken.release();
        // Once someone else holds the permit, the cut-off holder must know it has lost it.
        expect(abortedWhenTaken).toBe(true);
      } finally {
        cutOff.disconnect();
        await proxy.close();
      }
    },
  );
});
