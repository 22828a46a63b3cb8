// One behavioural suite for every semaphore aiox has: the in-process
// Semaphore/BoundedSemaphore and the RedisSemaphore run these same tests, so
// "the same guarantees" is checked, not claimed. Universal: it also runs in
// the browser, Deno and Bun with the in-process semaphore.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { track } from './track';

/** A held grant, whatever the implementation's permit looks like. */
export interface HeldPermits {
  release(): unknown;
}

/** The shape the suite drives. */
export interface SemaphoreUnderTest {
  acquireMany(times: number, options?: { signal?: AbortSignal }): Promise<HeldPermits>;
  tryAcquire(times: number): Promise<HeldPermits | undefined> | HeldPermits | undefined;
}

export interface SemaphoreBehaviourOptions {
  /** A fresh semaphore of `value` permits, sharing nothing with the others. */
  make(value: number): SemaphoreUnderTest | Promise<SemaphoreUnderTest>;
  /** Long enough for a grant that is due to reach its caller (a few microtasks in process; round trips for Redis). */
  settle(): Promise<void>;
  /** Whether `times` above the value is refused with RangeError (BoundedSemaphore, RedisSemaphore). */
  refusesAboveValue: boolean;
  /** fast-check runs for the conservation property (each step is a round trip for Redis). */
  propertyRuns: number;
}

export function semaphoreBehaviour(name: string, options: SemaphoreBehaviourOptions): void {
  const { make, settle } = options;

  describe(`${name}: the semaphore behaviour every aiox semaphore shares`, () => {
    it('grants up to its value at once, and the next caller waits for a release', async () => {
      const semaphore = await make(2);
      const first = await semaphore.acquireMany(1);
      await semaphore.acquireMany(1);
      const third = track(semaphore.acquireMany(1));
      await settle();
      expect(third.status).toBe('pending');
      await first.release();
      await settle();
      expect(third.status).toBe('fulfilled');
    });

    it('serves waiters first come, first served', async () => {
      const semaphore = await make(1);
      const held = await semaphore.acquireMany(1);
      const order: number[] = [];
      const waiters = [0, 1, 2, 3].map((i) =>
        semaphore.acquireMany(1).then(async (permit) => {
          order.push(i);
          await settle();
          await permit.release();
        }),
      );
      await settle();
      await held.release();
      await Promise.all(waiters);
      expect(order).toEqual([0, 1, 2, 3]);
    });

    it('takes acquireMany(n) all at once, and a large request at the head is not starved by smaller ones', async () => {
      const semaphore = await make(3);
      const two = await semaphore.acquireMany(2);
      const big = track(semaphore.acquireMany(3));
      await settle();
      const small = track(semaphore.acquireMany(1));
      await settle();
      // One permit is free, but the big request is ahead and holds nothing while it waits.
      expect(big.status).toBe('pending');
      expect(small.status).toBe('pending');
      await two.release();
      await settle();
      expect(big.status).toBe('fulfilled');
      expect(small.status).toBe('pending');
      await big.value?.release();
      await settle();
      expect(small.status).toBe('fulfilled');
    });

    it('an abort while waiting rejects with the reason, and those behind move up', async () => {
      const semaphore = await make(1);
      const held = await semaphore.acquireMany(1);
      const controller = new AbortController();
      const aborted = track(semaphore.acquireMany(1, { signal: controller.signal }));
      const behind = track(semaphore.acquireMany(1));
      await settle();
      const reason = new Error('no longer needed');
      controller.abort(reason);
      await settle();
      expect(aborted.status).toBe('rejected');
      expect(aborted.reason).toBe(reason);
      await held.release();
      await settle();
      expect(behind.status).toBe('fulfilled');
    });

    it('an already aborted signal rejects at once with its reason and takes nothing', async () => {
      const semaphore = await make(1);
      const reason = new Error('cancelled before');
      await expect(async () => semaphore.acquireMany(1, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      expect(await semaphore.tryAcquire(1)).toBeDefined();
    });

    it('releasing a permit twice gives its permits back once', async () => {
      const semaphore = await make(2);
      const permit = await semaphore.acquireMany(1);
      const other = await semaphore.acquireMany(1);
      await permit.release();
      await permit.release();
      expect(await semaphore.tryAcquire(1)).toBeDefined();
      expect(await semaphore.tryAcquire(1)).toBeUndefined();
      await other.release();
    });

    it('tryAcquire never waits and never jumps the queue', async () => {
      const semaphore = await make(2);
      const held = await semaphore.acquireMany(2);
      expect(await semaphore.tryAcquire(1)).toBeUndefined();
      const waiting = track(semaphore.acquireMany(2));
      await settle();
      await held.release();
      await settle();
      expect(waiting.status).toBe('fulfilled');
      await waiting.value?.release();
      const one = await semaphore.tryAcquire(1);
      expect(one).toBeDefined();
      const queued = track(semaphore.acquireMany(2));
      await settle();
      // A permit is free, but a waiter is ahead: tryAcquire must not take it.
      expect(await semaphore.tryAcquire(1)).toBeUndefined();
      await one?.release();
      await settle();
      expect(queued.status).toBe('fulfilled');
    });

    it('refuses times that is not an integer >= 1, naming it', async () => {
      const semaphore = await make(2);
      for (const times of [0, -1, 1.5, Number.NaN]) {
        await expect(async () => semaphore.acquireMany(times)).rejects.toThrow(RangeError);
        await expect(async () => semaphore.acquireMany(times)).rejects.toThrow(/times/);
      }
      await expect(async () => semaphore.acquireMany('2' as unknown as number)).rejects.toThrow(TypeError);
    });

    it.runIf(options.refusesAboveValue)('refuses times above its value at once with RangeError', async () => {
      const semaphore = await make(2);
      await expect(async () => semaphore.acquireMany(3)).rejects.toThrow(RangeError);
    });

    it('never grants more than its value, whatever callers do (property)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 3 }),
          fc.array(fc.record({ times: fc.integer({ min: 1, max: 3 }), holdTicks: fc.integer({ min: 0, max: 2 }), abortAfter: fc.option(fc.integer({ min: 0, max: 2 })) }), {
            minLength: 1,
            maxLength: 8,
          }),
          async (value, calls) => {
            const semaphore = await make(value);
            let held = 0;
            let most = 0;
            await Promise.all(
              calls.map(async ({ times, holdTicks, abortAfter }) => {
                const wanted = Math.min(times, value);
                const controller = new AbortController();
                if (abortAfter !== null) void (async () => {
                  for (let i = 0; i < abortAfter; i += 1) await settle();
                  controller.abort(new Error('gave up'));
                })();
                let permit: HeldPermits;
                try {
                  permit = await semaphore.acquireMany(wanted, { signal: controller.signal });
                } catch (error) {
                  expect(controller.signal.aborted).toBe(true);
                  expect(error).toBe(controller.signal.reason);
                  return;
                }
                held += wanted;
                most = Math.max(most, held);
                expect(held).toBeLessThanOrEqual(value);
                for (let i = 0; i < holdTicks; i += 1) await settle();
                held -= wanted;
                await permit.release();
              }),
            );
            expect(held).toBe(0);
            expect(most).toBeLessThanOrEqual(value);
            // Every permit came back: all of them can be taken at once now.
            const all = await semaphore.tryAcquire(value);
            expect(all).toBeDefined();
            await all?.release();
          },
        ),
        { numRuns: options.propertyRuns },
      );
    });
  });
}
