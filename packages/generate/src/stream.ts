// Host side: the state of a generator run in a worker, fed by a task of the
// pool, apart from the object the caller holds (remote-generator.ts).
import { describeValue } from '@aiox/internal';
import type { DriverTask, ExecutorPool, OpenedTask } from '@aiox/pool';
import { encodeError } from '@aiox/pool/wire';
import type { DriveMode, Reply, Request } from './protocol';

/** How long a generator asked to finish (abandoned, or the process idle) may take before its worker is ended. */
const FINISH_GRACE_MS = 1_000;

type Kind = 'next' | 'throw' | 'return';

interface Pending {
  readonly kind: Kind;
  readonly value: unknown;
  readonly resolve: (step: IteratorResult<unknown, void>) => void;
  readonly reject: (error: unknown) => void;
}

/** What starts the generator's task: the pool, the shipped function, its arguments, the mode. */
export interface Launch {
  readonly pool: ExecutorPool;
  readonly fn: unknown;
  readonly args: readonly unknown[];
  readonly mode: DriveMode;
  readonly driver: DriverTask;
  readonly signal: AbortSignal | undefined;
}

const DONE: IteratorResult<unknown, void> = Object.freeze({ value: undefined, done: true });

function refusedNext(value: unknown): TypeError {
  return new TypeError(
    'next(value) cannot hand a value to the generator in read-ahead mode (batchSize): the generator runs ahead of ' +
      'the caller, so the yield that would receive the value has already passed. Leave batchSize out (lazy mode) ' +
      `to send values with next(value) (received ${describeValue(value)})`,
  );
}

/**
 * The generator's state, apart from the object the caller holds, so that
 * object can be garbage-collected (and the worker then told to finish).
 */
export class Stream {
  readonly #launch: Launch;
  readonly #requests: Pending[] = [];
  /** The request the worker is answering. */
  #current: Pending | undefined;
  #task: OpenedTask<unknown> | undefined;
  readonly #stop = new AbortController();
  #ended = false;
  /** The task's failure, once it failed: read-ahead values before it are delivered first. */
  #failure: { error: unknown } | undefined;
  // Read ahead: batches received, and where the caller is in the first.
  readonly #batches: (readonly unknown[])[] = [];
  #index = 0;
  /** throw() and return() sent in read-ahead mode: batches of an older epoch are dropped. */
  #epoch = 0;
  /** Read-ahead: the epoch the generator failed in, told just before its task fails. */
  #failedEpoch: number | undefined;

  constructor(launch: Launch) {
    this.#launch = launch;
  }

  request(kind: Kind, value: unknown): Promise<IteratorResult<unknown, void>> {
    if (kind === 'next' && value !== undefined && this.#launch.mode.batchSize !== undefined) {
      // Refused whatever is buffered: the yield that would receive it has passed.
      return Promise.reject(refusedNext(value));
    }
    this.#dropIfAborted();
    // The fast path of read-ahead: a value already here, nothing queued before it.
    if (kind === 'next' && this.#requests.length === 0 && this.#current === undefined && this.#batches.length > 0) {
      return Promise.resolve({ value: this.#take(), done: false });
    }
    return new Promise((resolve, reject) => {
      this.#requests.push({ kind, value, resolve, reject });
      this.#serve();
    });
  }

  /** The caller can no longer ask for anything: let the generator finish in its worker. */
  abandon(): void {
    // A request still pending has someone awaiting it: it is answered, and
    // the idle watch (see ExecutorPool#open's unref) takes over from there.
    if (this.#ended || this.#task === undefined || this.#current !== undefined || this.#requests.length > 0) return;
    this.#finish();
  }

  #serve(): void {
    while (this.#current === undefined) {
      const next = this.#requests.shift();
      if (next === undefined) {
        this.#task?.unref();
        return;
      }
      if (this.#ended) {
        this.#settleEnded(next);
        continue;
      }
      if (this.#task === undefined && next.kind !== 'next') {
        // Before it starts, a generator ends on return() and throws on throw(), without running.
        this.#ended = true;
        if (next.kind === 'return') next.resolve({ value: next.value, done: true } as IteratorResult<unknown, void>);
        else next.reject(next.value);
        continue;
      }
      if (next.kind === 'next' && this.#batches.length > 0) {
        next.resolve({ value: this.#take(), done: false });
        continue;
      }
      this.#current = next;
      this.#task?.ref();
      if (this.#task === undefined) this.#start();
      else if (next.kind !== 'next' || this.#launch.mode.batchSize === undefined) this.#send(next);
    }
  }

  /**
   * An abort ends the stream for the caller at once, as in lazy mode: the
   * values read ahead are dropped, so the next ask gets `signal.reason`.
   */
  #dropIfAborted(): void {
    const signal = this.#launch.signal;
    if (signal?.aborted !== true || this.#batches.length === 0) return;
    this.#batches.length = 0;
    this.#index = 0;
    // The task may have ended (done) before the abort: the reason is still what the caller gets next.
    if (this.#ended && this.#failure === undefined) this.#failure = { error: signal.reason };
  }

  /** A request once the task has ended: its failure (once, to a next()), then done. */
  #settleEnded(request: Pending): void {
    if (request.kind !== 'next') {
      // return() and throw() end the stream for the caller: what waited after it is gone.
      this.#batches.length = 0;
      this.#index = 0;
      this.#failure = undefined;
    }
    if (request.kind === 'next' && this.#failure !== undefined) {
      const { error } = this.#failure;
      this.#failure = undefined;
      request.reject(error);
    } else if (request.kind === 'throw') request.reject(request.value);
    else if (request.kind === 'return') request.resolve({ value: request.value, done: true } as IteratorResult<unknown, void>);
    else request.resolve(DONE);
  }

  #send(request: Pending): void {
    // Read-ahead: what came ahead is dropped, the generator is told where it is.
    if (request.kind !== 'next') {
      this.#batches.length = 0;
      this.#index = 0;
    }
    let message: Request;
    if (request.kind === 'throw') message = { op: 'throw', error: encodeError(request.value), epoch: ++this.#epoch };
    else if (request.kind === 'return') message = { op: 'return', value: request.value, epoch: ++this.#epoch };
    else message = { op: 'next', value: request.value };
    try {
      this.#task?.send(message);
    } catch (error) {
      this.#current = undefined;
      request.reject(error);
    }
  }

  #start(): void {
    const { pool, fn, args, mode, driver, signal } = this.#launch;
    const stop = this.#stop.signal;
    try {
      this.#task = pool.open(fn as never, args, {
        driver,
        driverData: mode,
        signal: signal === undefined ? stop : AbortSignal.any([signal, stop]),
        onMessage: (message) => this.#receive(message as Reply),
        onIdleExit: () => this.#finish(),
      });
    } catch (error) {
      this.#ended = true;
      const current = this.#current;
      this.#current = undefined;
      current?.reject(error);
      return;
    }
    this.#task.result.then(
      () => this.#end(undefined),
      (error: unknown) => this.#end({ error }),
    );
  }

  #receive(reply: Reply): void {
    const current = this.#current;
    if ('failed' in reply) {
      this.#failedEpoch = reply.failed;
      return;
    }
    if ('batch' in reply) {
      if (reply.epoch !== this.#epoch) return;
      this.#batches.push(reply.batch);
      // The request waiting for it: a next(), or a throw() the generator caught (a yield in its finally, for a return()).
      if (current !== undefined) {
        this.#current = undefined;
        current.resolve({ value: this.#take(), done: false });
        this.#serve();
      }
      return;
    }
    this.#current = undefined;
    current?.resolve({ value: reply.value, done: false });
    this.#serve();
  }

  /** The next value read ahead; asks the worker for another batch when one is used up. */
  #take(): unknown {
    const batch = this.#batches[0] as readonly unknown[];
    const value = batch[this.#index++];
    if (this.#index === batch.length) {
      this.#batches.shift();
      this.#index = 0;
      if (!this.#ended) {
        try {
          this.#task?.send({ op: 'more' } satisfies Request);
        } catch {
          // A plain object always copies.
        }
      }
    }
    return value;
  }

  #end(failure: { error: unknown } | undefined): void {
    this.#ended = true;
    const current = this.#current;
    this.#current = undefined;
    const failedBefore = this.#failedEpoch !== undefined && this.#failedEpoch !== this.#epoch;
    if (failure !== undefined && current !== undefined && current.kind !== 'next' && failedBefore) {
      // It failed running ahead, before the return() or throw() now waiting
      // reached it: that request did not cause the failure, and is answered
      // as if the end had been known when it was made (a break does not throw).
      this.#settleEnded(current);
      this.#drain();
      return;
    }
    this.#failure = failure;
    if (current !== undefined) {
      if (failure !== undefined && this.#batches.length === 0) {
        this.#failure = undefined;
        current.reject(failure.error);
      } else if (current.kind === 'next' && this.#batches.length > 0) current.resolve({ value: this.#take(), done: false });
      else current.resolve(current.kind === 'return' ? ({ value: current.value, done: true } as IteratorResult<unknown, void>) : DONE);
    }
    this.#drain();
  }

  /** After the task ended: what was read ahead, then its error (once), then done. */
  #drain(): void {
    for (let next = this.#requests.shift(); next !== undefined; next = this.#requests.shift()) {
      if (next.kind === 'next' && this.#batches.length > 0) next.resolve({ value: this.#take(), done: false });
      else this.#settleEnded(next);
    }
  }

  /** Asks the generator to finish (its `finally` runs in the worker), and ends the worker if it does not soon. */
  #finish(): void {
    if (this.#ended) return;
    try {
      this.#task?.send({ op: 'return', value: undefined, epoch: ++this.#epoch } satisfies Request);
    } catch {
      // Ended below.
    }
    const timer = setTimeout(() => {
      if (!this.#ended) this.#stop.abort(new Error('the generator was abandoned and did not finish in time'));
    }, FINISH_GRACE_MS);
    timer.unref();
  }
}
