import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flush } from '../test/helpers';
import { BoundedSemaphore, type Permit, Semaphore } from './index';

/**
 * Model-based test: random sequences of acquire / acquireMany / tryAcquire /
 * release / abort run against the real semaphore and against a plain model
 * of a strict FIFO semaphore. After every step the free count and queue
 * length must agree; at every flush the grants and rejections seen by the
 * callers must be exactly the model's, in the model's (FIFO) order.
 */

type SignalChoice = { kind: 'none' } | { kind: 'new' } | { kind: 'shared'; pick: number };
type Command =
  | { kind: 'acquire'; signal: SignalChoice }
  | { kind: 'acquireMany'; times: number; signal: SignalChoice }
  | { kind: 'tryAcquire'; times: number }
  | { kind: 'release'; pick: number }
  | { kind: 'releaseAgain'; pick: number }
  | { kind: 'releaseExtra'; times: number }
  | { kind: 'abort'; pick: number }
  | { kind: 'flush' };

const signalChoice: fc.Arbitrary<SignalChoice> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.constant({ kind: 'new' as const }),
  fc.record({ kind: fc.constant('shared' as const), pick: fc.nat() }),
);

const command = (maxTimes: number): fc.Arbitrary<Command> =>
  fc.oneof(
    fc.record({ kind: fc.constant('acquire' as const), signal: signalChoice }),
    fc.record({ kind: fc.constant('acquireMany' as const), times: fc.integer({ min: 1, max: maxTimes }), signal: signalChoice }),
    fc.record({ kind: fc.constant('tryAcquire' as const), times: fc.integer({ min: 1, max: maxTimes }) }),
    fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('releaseAgain' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('releaseExtra' as const), times: fc.integer({ min: 1, max: 2 }) }),
    fc.record({ kind: fc.constant('abort' as const), pick: fc.nat() }),
    fc.constant({ kind: 'flush' as const }),
  );

interface Request {
  id: number;
  times: number;
  controller: number | undefined;
}

/** A permit-holding grant the test can give back: by the permit, or by hand. */
interface Held {
  times: number;
  permit: Permit | undefined;
}

class Model {
  free: number;
  queue: Request[] = [];
  held = 0;
  grants: number[] = [];
  rejects: number[] = [];

  constructor(initial: number) {
    this.free = initial;
  }

  request(request: Request): void {
    if (this.queue.length === 0 && this.free >= request.times) this.grant(request);
    else this.queue.push(request);
  }

  release(times: number): void {
    this.free += times;
    this.held -= times;
    this.drain();
  }

  abort(controller: number): void {
    this.queue = this.queue.filter((request) => {
      if (request.controller !== controller) return true;
      this.rejects.push(request.id);
      return false;
    });
    this.drain();
  }

  private grant(request: Request): void {
    this.free -= request.times;
    this.held += request.times;
    this.grants.push(request.id);
  }

  private drain(): void {
    for (let head = this.queue[0]; head !== undefined && head.times <= this.free; head = this.queue[0]) {
      this.queue.shift();
      this.grant(head);
    }
  }
}

async function check(bounded: boolean, initial: number, commands: Command[]): Promise<void> {
  const semaphore = bounded ? new BoundedSemaphore(initial) : new Semaphore(initial);
  const model = new Model(initial);
  const controllers: AbortController[] = [];
  const seenGrants: number[] = [];
  const seenRejects: number[] = [];
  const releasable: Held[] = [];
  const released: Permit[] = [];
  let extra = 0;
  let nextId = 0;

  const expectInSync = (): void => {
    expect(semaphore.value).toBe(model.free);
    expect(semaphore.waiting).toBe(model.queue.length);
    expect(semaphore.value + model.held).toBe(initial + extra);
    expect(model.held).toBeLessThanOrEqual(initial + extra);
  };
  const settle = async (): Promise<void> => {
    await flush();
    expect(seenGrants).toEqual(model.grants);
    expect(seenRejects).toEqual(model.rejects);
  };
  const signalFor = (choice: SignalChoice): number | undefined => {
    if (choice.kind === 'none') return undefined;
    if (choice.kind === 'shared' && controllers.length > 0) return choice.pick % controllers.length;
    controllers.push(new AbortController());
    return controllers.length - 1;
  };
  const start = (times: number, many: boolean, choice: SignalChoice): void => {
    const id = nextId++;
    const controller = signalFor(choice);
    const signal = controller === undefined ? undefined : controllers[controller]?.signal;
    // Handlers go straight on the returned promise: an extra `.then` hop on
    // one kind of call would shift its callbacks by a tick and blur the order.
    const promise: Promise<Permit | void> = many
      ? semaphore.acquireMany(times, { signal })
      : semaphore.acquire({ signal });
    promise.then(
      (permit) => {
        seenGrants.push(id);
        releasable.push({ times, permit: permit ?? undefined });
      },
      () => seenRejects.push(id),
    );
    if (signal?.aborted === true) model.rejects.push(id);
    else model.request({ id, times, controller });
  };
  const giveBack = (held: Held): void => {
    if (held.permit === undefined) semaphore.release(held.times);
    else {
      held.permit.release();
      released.push(held.permit);
    }
    model.release(held.times);
  };

  for (const step of commands) {
    switch (step.kind) {
      case 'acquire':
        start(1, false, step.signal);
        break;
      case 'acquireMany':
        start(step.times, true, step.signal);
        break;
      case 'tryAcquire': {
        const granted = model.queue.length === 0 && model.free >= step.times;
        expect(semaphore.tryAcquire(step.times)).toBe(granted);
        if (granted) {
          model.free -= step.times;
          model.held += step.times;
          releasable.push({ times: step.times, permit: undefined });
        }
        break;
      }
      case 'release': {
        const held = releasable.splice(step.pick % Math.max(1, releasable.length), 1)[0];
        if (held !== undefined) giveBack(held);
        break;
      }
      case 'releaseAgain':
        released[step.pick % Math.max(1, released.length)]?.release();
        break;
      case 'releaseExtra':
        if (bounded) break;
        semaphore.release(step.times);
        extra += step.times;
        model.held += step.times; // counted as held so that model.release adds to free
        model.release(step.times);
        break;
      case 'abort': {
        const index = step.pick % Math.max(1, controllers.length);
        const controller = controllers[index];
        if (controller === undefined || controller.signal.aborted) break;
        controller.abort();
        model.abort(index);
        break;
      }
      case 'flush':
        await settle();
        break;
    }
    expectInSync();
  }

  // Wind down: abort every signal, give everything back, top up a plain
  // semaphore whose head asks for more than it has in total.
  for (const [index, controller] of controllers.entries()) {
    if (!controller.signal.aborted) {
      controller.abort();
      model.abort(index);
    }
  }
  await settle();
  while (releasable.length > 0 || model.queue.length > 0) {
    for (const held of releasable.splice(0)) giveBack(held);
    const head = model.queue[0];
    if (releasable.length === 0 && head !== undefined && model.free < head.times && !bounded) {
      const missing = head.times - model.free;
      semaphore.release(missing);
      extra += missing;
      model.held += missing;
      model.release(missing);
    }
    expectInSync();
    await settle();
  }
  expect(semaphore.value).toBe(initial + extra);
  expect(semaphore.waiting).toBe(0);
}

describe('Semaphore against a FIFO model', () => {
  it('agrees on every step for random plain semaphores', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 4 }), fc.array(command(6), { maxLength: 40 }), (initial, commands) =>
        check(false, initial, commands),
      ),
      { numRuns: 300 },
    );
  });

  it('agrees on every step for random bounded semaphores', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }).chain((initial) =>
          fc.tuple(fc.constant(initial), fc.array(command(initial), { maxLength: 40 })),
        ),
        ([initial, commands]) => check(true, initial, commands),
      ),
      { numRuns: 300 },
    );
  });
});
