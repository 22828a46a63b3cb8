/**
 * Semaphore acquire/release pairs. Uncontended: one loop, a permit always
 * free, so only the fast path is timed. Contended: more loops than permits,
 * each holding its permit across an await, so nearly every acquire queues
 * and every release hands the permit to a waiter.
 */
import { Semaphore } from 'aiox';
import { Semaphore as MutexSemaphore } from 'async-mutex';
import { Sema } from 'async-sema';
import pLimit from 'p-limit';
import { nsPerOp } from '../harness.js';
import type { CaseSpec, Contender, Scenario, Settings } from '../types.js';

/**
 * acquire/release as each library spells it. The loops call these directly
 * (no wrapper function around the critical section) so that the only
 * promises in the loop are the library's own.
 */
interface Lock {
  readonly name: string;
  readonly kind: Contender['kind'];
  readonly make: (permits: number) => { acquire(): Promise<unknown>; release(token: unknown): void };
}

const locks: readonly Lock[] = [
  {
    name: 'aiox Semaphore',
    kind: 'aiox',
    make: (permits) => {
      const s = new Semaphore(permits);
      return { acquire: () => s.acquire(), release: () => s.release() };
    },
  },
  {
    name: 'async-sema',
    kind: 'peer',
    make: (permits) => {
      const s = new Sema(permits);
      return { acquire: () => s.acquire(), release: () => s.release() };
    },
  },
  {
    name: 'async-mutex',
    kind: 'peer',
    make: (permits) => {
      const s = new MutexSemaphore(permits);
      // Its idiomatic form: acquire() resolves to [value, releaser].
      return { acquire: () => s.acquire(), release: (token) => (token as [number, () => void])[1]() };
    },
  },
];

/**
 * p-limit is not a semaphore, but `await limit(fn)` is what many reach for
 * instead of one, so it runs as a reference with the body as its function,
 * written inline at each call as its users do (a new closure every call).
 */
const P_LIMIT = 'p-limit';

function checkPairs(name: string, done: number, pairs: number): void {
  if (done !== pairs) throw new Error(`${name}: ${done} pairs, expected ${pairs}`);
}

function uncontended(pairs: number, minMs: number): CaseSpec {
  const lockContenders: Contender[] = locks.map((lock) => ({
    name: lock.name,
    kind: lock.kind,
    sample: () =>
      nsPerOp(
        pairs,
        async () => {
          const l = lock.make(1);
          let done = 0;
          for (let i = 0; i < pairs; i++) {
            const token = await l.acquire();
            done++;
            l.release(token);
          }
          return done;
        },
        (done) => checkPairs(lock.name, done, pairs),
        minMs,
      ),
  }));
  return {
    id: 'semaphore/uncontended',
    scenario: 'semaphore',
    title: 'semaphore · uncontended (1 permit, 1 loop)',
    unit: 'ns/pair',
    ops: pairs,
    floor: 'floor',
    peer: 'async-sema',
    contenders: [
      {
        // The least an awaitable acquire can cost: one await of a settled value.
        name: 'floor',
        kind: 'floor',
        sample: () =>
          nsPerOp(
            pairs,
            async () => {
              let done = 0;
              for (let i = 0; i < pairs; i++) {
                await undefined;
                done++;
              }
              return done;
            },
            (done) => checkPairs('floor', done, pairs),
            minMs,
          ),
      },
      ...lockContenders,
      {
        name: P_LIMIT,
        kind: 'peer',
        sample: () =>
          nsPerOp(
            pairs,
            async () => {
              const limit = pLimit(1);
              let done = 0;
              for (let i = 0; i < pairs; i++) {
                await limit(() => {
                  done++;
                });
              }
              return done;
            },
            (done) => checkPairs(P_LIMIT, done, pairs),
            minMs,
          ),
      },
    ],
    targets: [{ kind: 'ratio', subject: 'aiox Semaphore', reference: 'async-sema', max: 1, label: 'aiox Semaphore faster than async-sema' }],
    note: `${pairs.toLocaleString('en-US')} sequential \`await acquire(); release()\` pairs; the floor is the same loop with a bare \`await undefined\` in place of the acquire.`,
  };
}

function contended(permits: number, loops: number, perLoop: number, minMs: number): CaseSpec {
  const pairs = loops * perLoop;
  const check = (name: string, { done, most }: { done: number; most: number }): void => {
    checkPairs(name, done, pairs);
    if (most > permits) throw new Error(`${name}: ${most} holders at once with ${permits} permits`);
  };
  const lockContenders: Contender[] = locks.map((lock) => ({
    name: lock.name,
    kind: lock.kind,
    sample: () =>
      nsPerOp(
        pairs,
        async () => {
          const l = lock.make(permits);
          let inside = 0;
          let most = 0;
          let done = 0;
          const loop = async (): Promise<void> => {
            for (let i = 0; i < perLoop; i++) {
              const token = await l.acquire();
              if (++inside > most) most = inside;
              // Holding the permit across an await is what makes the others queue.
              await null;
              inside--;
              done++;
              l.release(token);
            }
          };
          await Promise.all(Array.from({ length: loops }, loop));
          return { done, most };
        },
        (out) => check(lock.name, out),
        minMs,
      ),
  }));
  return {
    id: 'semaphore/contended',
    scenario: 'semaphore',
    title: `semaphore · contended (${permits} permits, ${loops} loops)`,
    unit: 'ns/pair',
    ops: pairs,
    peer: 'async-sema',
    contenders: [
      ...lockContenders,
      {
        name: P_LIMIT,
        kind: 'peer',
        sample: () =>
          nsPerOp(
            pairs,
            async () => {
              const limit = pLimit(permits);
              let inside = 0;
              let most = 0;
              let done = 0;
              const loop = async (): Promise<void> => {
                for (let i = 0; i < perLoop; i++) {
                  await limit(async () => {
                    if (++inside > most) most = inside;
                    await null;
                    inside--;
                    done++;
                  });
                }
              };
              await Promise.all(Array.from({ length: loops }, loop));
              return { done, most };
            },
            (out) => check(P_LIMIT, out),
            minMs,
          ),
      },
    ],
    targets: [{ kind: 'ratio', subject: 'aiox Semaphore', reference: 'async-sema', max: 1, label: 'aiox Semaphore faster than async-sema' }],
    note: `${loops} loops × ${perLoop.toLocaleString('en-US')} pairs over ${permits} permits, each holder awaiting once inside; checked: never more than ${permits} holders.`,
  };
}

function cases(settings: Settings): CaseSpec[] {
  const ms = settings.minSampleMs;
  return settings.quick
    ? [uncontended(50_000, ms), contended(4, 64, 500, ms)]
    : [uncontended(200_000, ms), contended(4, 64, 2_000, ms)];
}

export const semaphoreScenario: Scenario = {
  id: 'semaphore',
  title: 'semaphore',
  description:
    'Acquire/release pairs, timed per pair. Uncontended: one loop and a free permit, the fast path every ' +
    'call takes when there is no pressure. Contended: 64 loops share 4 permits and hold them across an ' +
    '`await`, so acquires queue and releases hand over. aiox `Semaphore` against async-sema `Sema`, ' +
    'async-mutex `Semaphore` (its `[value, release]` form) and p-limit, which people often use in place of a semaphore ' +
    '(`await limit(() => body)`, the body a new closure every call, as written inline). Each lock is made inside the timed run.',
  cases,
};
