// Caller side of runDecorator: one persistent worker a decorated function,
// and the blocking call (see protocol.ts for the handshake).
import { MessageChannel, type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import type { TaskTarget } from '@aiox/pool/ship';
import { argumentsCloneError, captureCallerStack, decodeError } from '@aiox/pool/wire';
import { deathError } from './death-error';
import { sleepGivingWay } from './give-way';
import { toGuardian } from './guardian-thread';
import { DEAD, type DeathNotice, type Reply, STATE_READY, STATE_REPLY, STATE_REQUEST, STATE_WORDS } from './protocol';
import { Spinner } from './spin';

/** What a decorated function's caller needs to know about its worker. */
export interface CallerSettings {
  readonly timeout?: number | undefined;
  readonly startTimeout?: number | undefined;
  readonly maxOldGenerationSizeMb?: number | undefined;
}

interface SpawnedWorker {
  readonly id: number;
  readonly port: MessagePort;
  readonly notices: MessagePort;
  readonly state: Int32Array;
  /** When (performance.now()) the worker must have started by. */
  readonly startBy: number;
}

/** The default start-up limit: far over a cold start on a loaded machine (tens to hundreds of ms). */
export const DEFAULT_START_TIMEOUT_MS = 30_000;

let workerIds = 0;
const MAX_CALL_ID = 2 ** 31 - 1;

export class SyncCaller {
  readonly #target: TaskTarget;
  readonly #name: string | undefined;
  readonly #chain: readonly string[];
  readonly #settings: CallerSettings;
  #worker: SpawnedWorker | undefined;
  #lastId = 0;
  readonly #spinner = new Spinner();

  /** `name`: the function's own, if any; `chain`: the decorated functions the new worker runs inside, its own last. */
  constructor(target: TaskTarget, name: string | undefined, chain: readonly string[], settings: CallerSettings) {
    this.#target = target;
    this.#name = name;
    this.#chain = chain;
    this.#settings = settings;
  }

  /** Runs one call and blocks until it settles; `entry` is the public function, left out of a failure's stack. */
  call(args: readonly unknown[], entry: (...args: never[]) => unknown): unknown {
    const worker = this.#live();
    this.#lastId = this.#lastId === MAX_CALL_ID ? 1 : this.#lastId + 1;
    const id = this.#lastId;
    const before = Atomics.load(worker.state, STATE_REPLY);
    try {
      worker.port.postMessage([id, args]);
    } catch (cause) {
      throw argumentsCloneError(args, 'worker_threads', cause);
    }
    Atomics.store(worker.state, STATE_REQUEST, id);
    const reply = this.#wait(worker, id, before);
    if (reply[1]) return reply[2];
    throw decodeError(reply[2], { callerStack: captureCallerStack(entry) });
  }

  /** Ends the worker (the next call starts a fresh one). */
  end(): void {
    const worker = this.#worker;
    if (worker === undefined) return;
    this.#worker = undefined;
    toGuardian({ kind: 'end', id: worker.id });
  }

  #live(): SpawnedWorker {
    const current = this.#worker;
    // One that died between calls (an uncaught error from a stray timer) is replaced.
    if (current !== undefined && Atomics.load(current.state, STATE_REPLY) !== DEAD) return current;
    const { port1, port2 } = new MessageChannel();
    const notices = new MessageChannel();
    const state = new Int32Array(new SharedArrayBuffer(STATE_WORDS * Int32Array.BYTES_PER_ELEMENT));
    const id = ++workerIds;
    toGuardian(
      {
        kind: 'spawn',
        id,
        port: port2,
        notices: notices.port2,
        state,
        worker: { state, target: this.#target, name: this.#name, chain: this.#chain },
        maxOldGenerationSizeMb: this.#settings.maxOldGenerationSizeMb,
      },
      [port2, notices.port2],
    );
    const startBy = performance.now() + (this.#settings.startTimeout ?? DEFAULT_START_TIMEOUT_MS);
    this.#worker = { id, port: port1, notices: notices.port1, state, startBy };
    return this.#worker;
  }

  /** Atomics.wait, which a SIGINT cuts short while a run is pending (see give-way.ts). */
  #sleep(state: Int32Array, index: number, value: number, ms: number | undefined, blockedSince: number): void {
    // The worker still runs a call that gave way: ended, it can send the next call no late reply.
    sleepGivingWay(state, index, value, ms, blockedSince, () => this.end());
  }

  /** Returns once the worker has started, or died (the reply word then says so); ends one that is not started by its limit. */
  #awaitStart(worker: SpawnedWorker, blockedSince: number): void {
    for (;;) {
      if (Atomics.load(worker.state, STATE_READY) !== 0) return;
      const remaining = worker.startBy - performance.now();
      if (remaining <= 0) {
        this.end();
        const limit = this.#settings.startTimeout ?? DEFAULT_START_TIMEOUT_MS;
        throw new DOMException(
          `the worker of the decorated function did not start within ${limit} ms (options.startTimeout); it was ended, and the next call starts a fresh one`,
          'TimeoutError',
        );
      }
      this.#sleep(worker.state, STATE_READY, 0, remaining, blockedSince);
    }
  }

  /** `before`: what the reply word held before the request was posted. */
  #wait(worker: SpawnedWorker, id: number, before: number): Reply {
    const blockedSince = performance.now();
    let seen = this.#spinner.while(worker.state, STATE_REPLY, before);
    if (seen === before) this.#awaitStart(worker, blockedSince);
    // The call's time starts once its worker has started.
    const { timeout } = this.#settings;
    const deadline = timeout === undefined ? undefined : performance.now() + timeout;
    for (;; seen = Atomics.load(worker.state, STATE_REPLY)) {
      if (seen === id || seen === DEAD) {
        // A worker that answered and then died still answered.
        const reply = takeReply(worker.port, id);
        if (reply !== undefined) return reply;
        if (seen === DEAD) {
          this.#worker = undefined;
          throw deathError(receiveMessageOnPort(worker.notices)?.message as DeathNotice | undefined);
        }
        // Not reached: the worker posts its reply before it stores the id.
        throw new Error(`@aiox/run: call ${id} was answered but its reply is missing; please report this`);
      }
      let remaining: number | undefined;
      if (deadline !== undefined) {
        remaining = deadline - performance.now();
        if (remaining <= 0) {
          // Its reply may never come: the next call gets a worker of its own.
          this.end();
          throw new DOMException(
            `the decorated function did not settle within ${timeout} ms; its worker was ended, and the next call starts a fresh one`,
            'TimeoutError',
          );
        }
      }
      this.#sleep(worker.state, STATE_REPLY, seen, remaining, blockedSince);
    }
  }
}

/** The reply to call `id`, skipping any older one. */
function takeReply(port: MessagePort, id: number): Reply | undefined {
  for (;;) {
    const received = receiveMessageOnPort(port);
    if (received === undefined) return undefined;
    const reply = received.message as Reply;
    if (reply[0] === id) return reply;
  }
}
