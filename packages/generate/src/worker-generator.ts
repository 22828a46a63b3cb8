// Runs inside a pool worker: the driver of a generator shipped by
// generateInThread / generateInProcess. The pool compiled (or imported) the
// function and calls this with it, its arguments, the task's port and the mode.
import { isThenable } from '@aiox/internal';
import type { TaskPort } from '@aiox/pool';
import { decodeError } from '@aiox/pool/wire';
import type { DriveMode, Request } from './protocol';
import { YieldedValues } from './yielded-values';

type Step = IteratorResult<unknown, unknown>;
type AnyIterator = Iterator<unknown, unknown, unknown> | AsyncIterator<unknown, unknown, unknown>;

/**
 * How long a batch may wait for more values before it leaves, in ms. The
 * clock is read only at the 1st, 2nd, 4th, 8th... value of a batch, so a fast
 * generator pays ~10 reads a batch; an async source's batch has a timer.
 */
const FLUSH_MS = 10;

export async function driveGenerator(fn: (...args: unknown[]) => unknown, args: unknown[], port: TaskPort, mode: DriveMode): Promise<void> {
  const iterator = await iteratorOf(await fn(...args));
  const inbox = new Inbox(port);
  const out = new YieldedValues(port, mode.runtime);
  if (mode.batchSize === undefined) await driveLazily(iterator, out, inbox);
  else await driveAhead(iterator, out, inbox, mode.batchSize, mode.readAhead);
}

/** A value that could not be sent ends the stream: the generator is finished first, so its `finally` runs. */
async function sendOrFinish(iterator: AnyIterator, send: () => void): Promise<void> {
  try {
    send();
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
}

/** One value per request: the caller's `next(v)` reaches the generator's `yield`. */
async function driveLazily(iterator: AnyIterator, out: YieldedValues, inbox: Inbox): Promise<void> {
  // The first next() of a generator has no yield to receive its value.
  let step = await iterator.next();
  while (step.done !== true) {
    const { value } = step;
    await sendOrFinish(iterator, () => out.send(value));
    const resumed = await resume(iterator, await inbox.take());
    if (resumed === undefined) return;
    step = resumed;
  }
}

/**
 * Runs ahead of the caller, sending `batchSize` values a message, with at
 * most `readAhead` batches not yet taken by the caller: a slow consumer
 * stops the generator, and memory stays bounded.
 */
async function driveAhead(iterator: AnyIterator, out: YieldedValues, inbox: Inbox, batchSize: number, readAhead: number): Promise<void> {
  let credit = readAhead;
  let epoch = 0;
  try {
    let step: Step = await iterator.next();
    for (;;) {
      // Between batches: requests that came meanwhile.
      for (let request = inbox.poll(); request !== undefined; request = inbox.poll()) {
        if (request.op === 'more') {
          credit++;
          continue;
        }
        // throw() and return() drop what was read ahead; the generator goes on from where it is.
        if (request.op !== 'next') epoch = request.epoch;
        credit = readAhead;
        const resumed = await resume(iterator, request);
        if (resumed === undefined) return;
        step = resumed;
      }
      if (step.done === true) return;
      if (credit === 0) {
        inbox.unshift(await inbox.take());
        continue;
      }
      const batch: unknown[] = [step.value];
      let end: BatchEnd;
      try {
        end = await fill(iterator, batch, batchSize);
      } catch (error) {
        // The values yielded before the error reach the consumer first (the
        // generator is done: a value among them that cannot be copied is
        // reported instead, as lazy mode would).
        out.sendBatch(batch, epoch);
        throw error;
      }
      await sendOrFinish(iterator, () => out.sendBatch(batch, epoch));
      credit--;
      step = end.last ?? (await (end.held ?? iterator.next()));
      // Let the caller's messages in (a return() stops production here).
      if (credit > 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    // Where it was: a return() or throw() the caller sent after this did not cause it.
    out.failedIn(epoch);
    throw error;
  }
}

const LATE = Symbol('late');

/** Why a batch left before it was full: the generator ended, or a value still on its way starts the next batch. */
interface BatchEnd {
  readonly last?: Step;
  readonly held?: PromiseLike<Step>;
}

/**
 * Adds the generator's values to `batch` until it holds `batchSize`, the
 * generator ends, or the batch has waited FLUSH_MS. An async source's value
 * that is not there when the delay runs out is left to the next batch, so a
 * value yielded before a long wait does not wait with it.
 */
async function fill(iterator: AnyIterator, batch: unknown[], batchSize: number): Promise<BatchEnd> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Settles the value being awaited as LATE, once the delay is over.
  let wake: ((late: typeof LATE) => void) | undefined;
  let late = false;
  try {
    while (batch.length < batchSize) {
      let next = iterator.next() as Step | PromiseLike<Step>;
      const async = isThenable(next);
      if (async) {
        timer ??= setTimeout(() => {
          late = true;
          wake?.(LATE);
        }, Math.max(0, FLUSH_MS - (performance.now() - started)));
        const pending = next as PromiseLike<Step>;
        const first = late ? LATE : await new Promise<Step | typeof LATE>((resolve, reject) => {
          wake = resolve;
          pending.then(resolve, reject);
        });
        if (first === LATE) return { held: pending };
        next = first;
      }
      if ((next as Step).done === true) return { last: next as Step };
      batch.push((next as Step).value);
      const count = batch.length;
      // An async source has the timer's word for it; a sync one reads the clock now and then.
      if (async ? late : (count & (count - 1)) === 0 && performance.now() - started >= FLUSH_MS) break;
    }
    return {};
  } finally {
    clearTimeout(timer);
  }
}

/** Hands the caller's request to the generator; undefined when it ended it. */
async function resume(iterator: AnyIterator, request: Request): Promise<Step | undefined> {
  switch (request.op) {
    case 'next':
      return await iterator.next(request.value);
    case 'throw': {
      const error = decodeError(request.error);
      // An iterator without throw() (an array's) cannot catch it: it ends with it.
      if (typeof iterator.throw !== 'function') {
        await iterator.return?.();
        throw error;
      }
      const step = await iterator.throw(error);
      return step.done === true ? undefined : step;
    }
    case 'return': {
      const step = await iterator.return?.(request.value);
      // A `finally` that yields goes on yielding.
      return step === undefined || step.done === true ? undefined : step;
    }
    case 'more':
      return await iterator.next();
  }
}

/** The iterator behind what the function returned: an iterator, an (async) iterable, or a promise of one. */
async function iteratorOf(produced: unknown): Promise<AnyIterator> {
  if (typeof produced === 'object' && produced !== null) {
    const source = produced as Partial<AsyncIterable<unknown> & Iterable<unknown> & AnyIterator>;
    if (typeof source.next === 'function') return source as AnyIterator;
    const asyncIterator = source[Symbol.asyncIterator];
    if (typeof asyncIterator === 'function') return asyncIterator.call(source);
    const iterator = source[Symbol.iterator];
    if (typeof iterator === 'function') return iterator.call(source);
  }
  if (typeof produced === 'string') return produced[Symbol.iterator]();
  throw new TypeError(
    `generatorFn must return an iterator or an iterable, such as a generator, an array or a Map (it returned ${describe(produced)})`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object without next() or [Symbol.iterator] (${Object.prototype.toString.call(value)})`;
  return `${typeof value} ${String(value)}`;
}

/** The caller's requests, in order: taken when needed, or polled between batches. */
class Inbox {
  readonly #queue: Request[] = [];
  #waiter: ((request: Request) => void) | undefined;

  constructor(port: TaskPort) {
    port.onMessage((message) => {
      const waiter = this.#waiter;
      this.#waiter = undefined;
      if (waiter !== undefined) waiter(message as Request);
      else this.#queue.push(message as Request);
    });
  }

  poll(): Request | undefined {
    return this.#queue.shift();
  }

  unshift(request: Request): void {
    this.#queue.unshift(request);
  }

  take(): Promise<Request> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => (this.#waiter = resolve));
  }
}
