// One behavioural suite for every semaphore aiox has: the in-process
// Semaphore/BoundedSemaphore and the RedisSemaphore run these same tests, so
// "the same guarantees" is checked, not claimed. Universal: it also runs in
// the browser, Deno and Bun with the in-process semaphore.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abortListeners, abortManyWaitsOnOneSignal } from './abort-listeners';
import { callAsync, faultySignal, SIGNAL_FAULTS } from './faulty-signal';
import { reaches, track } from './track';

/** A held grant, whatever the implementation's permit looks like. */
export interface HeldPermits {
  release(): unknown;
}

/** The shape the suite drives. */
export interface SemaphoreUnderTest {
  acquireMany(times: number, options?: { signal?: AbortSignal | undefined }): Promise<HeldPermits>;
  tryAcquire(times: number): Promise<HeldPermits | undefined> | HeldPermits | undefined;
}

export interface SemaphoreBehaviourOptions {
  /** A fresh semaphore of `value` permits, sharing nothing with the others. */
  make(value: number): SemaphoreUnderTest | Promise<SemaphoreUnderTest>;
  /**
   * Waits as long as the semaphore may take to act on a call (a few
   * microtasks in process; round trips for Redis). The suite awaits what must
   * happen as a condition with a deadline; it uses this only before checking
   * that something did NOT happen (a waiter still pending, no extra listener),
   * and to space out the steps of a schedule.
   */
  reactionTime(): Promise<void>;
  /** Whether `times` above the value is refused with RangeError (BoundedSemaphore, RedisSemaphore). */
  refusesAboveValue: boolean;
  /** fast-check runs for the conservation property (each step is a round trip for Redis). */
  propertyRuns: number;
}

export function semaphoreBehaviour(name: string, options: SemaphoreBehaviourOptions): void {
  const { make, reactionTime } = options;

  describe(`${name}: the semaphore behaviour every aiox semaphore shares`, () => {
    it('grants up to its value at once, and the next caller waits for a release', async () => {
      const semaphore = await make(2);
      const first = await semaphore.acquireMany(1);
      await semaphore.acquireMany(1);
      const third = track(semaphore.acquireMany(1));
      await reactionTime();
      expect(third.status).toBe('pending');
      await first.release();
      await reaches(third, 'fulfilled');
    });

    it('serves waiters first come, first served', async () => {
      const semaphore = await make(1);
      const held = await semaphore.acquireMany(1);
      const order: number[] = [];
      const waiters = [0, 1, 2, 3].map((i) =>
        semaphore.acquireMany(1).then(async (permit) => {
          order.push(i);
          await reactionTime();
          await permit.release();
        }),
      );
      await reactionTime();
      await held.release();
      await Promise.all(waiters);
      expect(order).toEqual([0, 1, 2, 3]);
    });

    it('takes acquireMany(n) all at once, and a large request at the head is not starved by smaller ones', async () => {
      const semaphore = await make(3);
      const two = await semaphore.acquireMany(2);
      const big = track(semaphore.acquireMany(3));
      await reactionTime();
      const small = track(semaphore.acquireMany(1));
      await reactionTime();
      // One permit is free, but the big request is ahead and holds nothing while it waits.
      expect(big.status).toBe('pending');
      expect(small.status).toBe('pending');
      await two.release();
      await reaches(big, 'fulfilled');
      await reactionTime();
      expect(small.status).toBe('pending');
      await big.value?.release();
      await reaches(small, 'fulfilled');
    });

    it('an abort while waiting rejects with the reason, and those behind move up', async () => {
      const semaphore = await make(1);
      const held = await semaphore.acquireMany(1);
      const controller = new AbortController();
      const aborted = track(semaphore.acquireMany(1, { signal: controller.signal }));
      const behind = track(semaphore.acquireMany(1));
      await reactionTime();
      const reason = new Error('no longer needed');
      controller.abort(reason);
      await reaches(aborted, 'rejected');
      expect(aborted.reason).toBe(reason);
      await held.release();
      await reaches(behind, 'fulfilled');
    });

    it('an already aborted signal rejects at once with its reason and takes nothing', async () => {
      const semaphore = await make(1);
      const reason = new Error('cancelled before');
      await expect(callAsync(() => semaphore.acquireMany(1, { signal: AbortSignal.abort(reason) }))).rejects.toBe(reason);
      expect(await semaphore.tryAcquire(1)).toBeDefined();
    });

    it('accepts signal: undefined as no signal', async () => {
      const semaphore = await make(1);
      const permit = await semaphore.acquireMany(1, { signal: undefined });
      expect(await semaphore.tryAcquire(1)).toBeUndefined();
      await permit.release();
    });

    it.each(SIGNAL_FAULTS)('a signal whose %s throws rejects the call with that error and queues nothing', async (fault) => {
      const semaphore = await make(1);
      const held = await semaphore.acquireMany(1);
      const error = new Error(`${fault} failed`);
      await expect(callAsync(() => semaphore.acquireMany(1, { signal: faultySignal(fault, error) }))).rejects.toBe(error);
      // No ghost waiter at the head: the released permit goes to the next real caller.
      const next = track(semaphore.acquireMany(1));
      await held.release();
      await reaches(next, 'fulfilled');
      await next.value?.release();
      const all = await semaphore.tryAcquire(1);
      expect(all).toBeDefined();
      await all?.release();
    });

    it('many waiters on one signal add one abort listener, and none is left once they are served', async () => {
      const semaphore = await make(1);
      const held = await semaphore.acquireMany(1);
      const { signal } = new AbortController();
      const waiters = Array.from({ length: 12 }, () =>
        track(semaphore.acquireMany(1, { signal }).then((permit) => permit.release())),
      );
      await reactionTime();
      expect(abortListeners(signal)).toBe(1);
      await held.release();
      for (const waiter of waiters) await reaches(waiter, 'fulfilled');
      expect(abortListeners(signal)).toBe(0);
    });

    it('many waiters on one signal add one abort listener, and none is left once they are aborted', async () => {
      const semaphore = await make(1);
      const held = await semaphore.acquireMany(1);
      await abortManyWaitsOnOneSignal((signal) => semaphore.acquireMany(1, { signal }), reactionTime);
      await held.release();
    });

    it('a call rejected before it waits leaves no abort listener on its signal', async () => {
      const semaphore = await make(1);
      const held = await semaphore.acquireMany(1);
      const { signal } = new AbortController();
      await expect(callAsync(() => semaphore.acquireMany(0, { signal }))).rejects.toThrow(RangeError);
      const aborted = AbortSignal.abort(new Error('before'));
      await expect(callAsync(() => semaphore.acquireMany(1, { signal: aborted }))).rejects.toBe(aborted.reason);
      await reactionTime();
      expect(abortListeners(signal)).toBe(0);
      expect(abortListeners(aborted)).toBe(0);
      await held.release();
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
      await reactionTime();
      await held.release();
      await reaches(waiting, 'fulfilled');
      await waiting.value?.release();
      const one = await semaphore.tryAcquire(1);
      expect(one).toBeDefined();
      const queued = track(semaphore.acquireMany(2));
      await reactionTime();
      // A permit is free, but a waiter is ahead: tryAcquire must not take it.
      expect(await semaphore.tryAcquire(1)).toBeUndefined();
      await one?.release();
      await reaches(queued, 'fulfilled');
    });

    it('refuses times that is not an integer >= 1, naming it', async () => {
      const semaphore = await make(2);
      for (const times of [0, -1, 1.5, Number.NaN]) {
        await expect(callAsync(() => semaphore.acquireMany(times))).rejects.toThrow(RangeError);
        await expect(callAsync(() => semaphore.acquireMany(times))).rejects.toThrow(/times/);
      }
      await expect(callAsync(() => semaphore.acquireMany('2' as unknown as number))).rejects.toThrow(TypeError);
    });

    it.runIf(options.refusesAboveValue)('refuses times above its value at once with RangeError', async () => {
      const semaphore = await make(2);
      await expect(callAsync(() => semaphore.acquireMany(3))).rejects.toThrow(RangeError);
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
                  for (let i = 0; i < abortAfter; i += 1) await reactionTime();
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
                for (let i = 0; i < holdTicks; i += 1) await reactionTime();
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
