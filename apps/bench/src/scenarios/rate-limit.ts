/**
 * Rate limiter overhead when it never throttles: the limit is far above the
 * number of calls, so every call may start at once and whatever time is
 * spent is the limiter's bookkeeping. That is the cost a program pays on
 * every call in the common case where the limit is rarely hit.
 */
import { RateLimiter, rateLimited } from 'aiox';
import Bottleneck from 'bottleneck';
import pThrottle from 'p-throttle';
import { nsPerOp } from '../harness.js';
import type { CaseSpec, Contender, Scenario, Settings } from '../types.js';
import { checkInOrder, checkSum, indices } from '../work.js';

/** More calls per window than any sample makes: it never waits. Same limit for aiox and p-throttle. */
const LIMIT = { calls: 1_000_000, periodMs: 1_000 } as const;

const work = async (i: number): Promise<number> => i;

interface Limiter {
  readonly name: string;
  readonly kind: Contender['kind'];
  /** Builds a fresh limiter (inside the timed run: construction is part of using it) and returns the wrapped call. */
  readonly wrap: () => (i: number) => Promise<number>;
  /**
   * Bottleneck yields to the event loop through several `setTimeout(0)` per
   * call (about a millisecond each), so it runs a small fraction of the calls
   * to keep the run short; its time per call does not depend on the count.
   */
  readonly share?: number;
  /** See `Contender.rounds`: Bottleneck still takes seconds per sample. */
  readonly rounds?: number;
}

const limiters: readonly Limiter[] = [
  { name: 'floor', kind: 'floor', wrap: () => work },
  {
    name: 'aiox RateLimiter.wrap',
    kind: 'aiox',
    wrap: () => new RateLimiter({ maxCalls: LIMIT.calls, period: LIMIT.periodMs }).wrap(work),
  },
  {
    name: 'aiox rateLimited',
    kind: 'aiox',
    wrap: () => rateLimited({ maxCalls: LIMIT.calls, period: LIMIT.periodMs })(work),
  },
  { name: 'p-throttle', kind: 'peer', wrap: () => pThrottle({ limit: LIMIT.calls, interval: LIMIT.periodMs })(work) },
  { name: 'bottleneck', kind: 'peer', wrap: () => new Bottleneck({}).wrap(work), share: 0.005, rounds: 3 },
];

type Mode = 'sequential' | 'burst';

function callsFor(limiter: Limiter, n: number): number {
  return Math.max(100, Math.round(n * (limiter.share ?? 1)));
}

function contender(limiter: Limiter, mode: Mode, n: number, minMs: number): Contender {
  const calls = callsFor(limiter, n);
  const items = indices(calls);
  const sample =
    mode === 'sequential'
      ? () =>
          nsPerOp(
            calls,
            async () => {
              const call = limiter.wrap();
              let sum = 0;
              for (let i = 0; i < calls; i++) sum += await call(i);
              return sum;
            },
            (sum) => checkSum(sum, calls, limiter.name),
            minMs,
          )
      : () =>
          nsPerOp(
            calls,
            () => {
              const call = limiter.wrap();
              return Promise.all(items.map((x) => call(x)));
            },
            (out) => checkInOrder(out, calls, limiter.name),
            minMs,
          );
  return { name: limiter.name, kind: limiter.kind, sample, ...(limiter.rounds === undefined ? {} : { rounds: limiter.rounds }) };
}

function rateCase(mode: Mode, n: number, minMs: number): CaseSpec {
  const few = limiters.filter((l) => l.share !== undefined).map((l) => `${l.name} ${callsFor(l, n).toLocaleString('en-US')}`);
  return {
    id: `rate-limit/${mode}`,
    scenario: 'rate-limit',
    title: `rate limiter · never throttling · ${mode === 'sequential' ? 'one call at a time' : 'all calls at once'}`,
    unit: 'ns/call',
    ops: n,
    floor: 'floor',
    peer: 'p-throttle',
    contenders: limiters.map((l) => contender(l, mode, n, minMs)),
    targets: [],
    note:
      `${n.toLocaleString('en-US')} calls of \`async (i) => i\` ` +
      (mode === 'sequential' ? '(`await` each before the next)' : '(`Promise.all(items.map((x) => limited(x)))`)') +
      `, limit ${LIMIT.calls.toLocaleString('en-US')} per ${LIMIT.periodMs} ms; fewer calls for: ${few.join(', ')}. ` +
      'Each limiter is made and wraps the function inside the timed run, as a caller does; the floor calls the function directly.',
  };
}

function cases(settings: Settings): CaseSpec[] {
  const n = settings.quick ? 20_000 : 100_000;
  return [rateCase('sequential', n, settings.minSampleMs), rateCase('burst', n, settings.minSampleMs)];
}

export const rateLimitScenario: Scenario = {
  id: 'rate-limit',
  title: 'rate limiter overhead',
  description:
    'Calls through a limiter configured so it never throttles (the limit is far above the number of calls), ' +
    'timed per call: the bookkeeping every call pays when the limit is not being hit. One call at a time ' +
    '(latency added to each call) and all calls at once (throughput). aiox `RateLimiter#wrap` and ' +
    '`rateLimited` against p-throttle and Bottleneck (no limits set); the floor calls the function directly.',
  cases,
};
