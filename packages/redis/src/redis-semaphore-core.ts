import { readAcquireSignal, readTimes } from '@aiox/internal';
import { watchAbort } from './abort-watch';
import type { RedisClient } from './client';
import { RedisOptionsMismatchError } from './errors';
import { type GrantListener, grantSubscriber, type GrantSubscriber, type Hearing } from './grant-subscriber';
import { nextId, semaphoreKeys } from './keys';
import { LeaseKeeper } from './lease-keeper';
import { ACQUIRE, RELEASE, RENEW } from './lua/semaphore';
import { LuaScript } from './lua-script';
import type { RedisSemaphoreSettings } from './options';
import { HeldPermit, type PermitOwner, type RedisPermit } from './redis-permit';
import { timerDelay } from './timer';

const acquireScript = new LuaScript(ACQUIRE);
const releaseScript = new LuaScript(RELEASE);
const renewScript = new LuaScript(RENEW);

type Answer = { state: 'granted' | 'queued' | 'busy'; untilExpiry: number } | { state: 'mismatch'; live: string };

function readAnswer(raw: unknown): Answer {
  const [state, detail] = raw as [string, number | string];
  if (state === 'mismatch') return { state, live: String(detail) };
  return { state: state as 'granted' | 'queued' | 'busy', untilExpiry: Number(detail) };
}

/** The semaphore's machinery; the public class in index.ts keeps only the documented surface. */
export class SemaphoreCore implements PermitOwner {
  readonly #settings: RedisSemaphoreSettings;
  readonly #keys: readonly string[];
  readonly #channel: string;
  readonly #describe: string;
  readonly #keeper: LeaseKeeper;
  // Held permits that keep the pub/sub subscription open, and on which subscriber.
  readonly #retained = new Map<string, GrantSubscriber>();
  // A waiter's re-check still in flight when it was granted or gave up: its
  // release waits for it, or Redis could run the re-check after the release
  // (a NOSCRIPT answer re-sends it) and hold permits for nobody.
  readonly #checks = new Map<string, Promise<void>>();

  constructor(settings: RedisSemaphoreSettings) {
    this.#settings = settings;
    const { keys, channel } = semaphoreKeys(settings.key);
    this.#keys = keys;
    // keyPrefix applies to keys, not to pub/sub channels: prefix it ourselves, as the keys are.
    this.#channel = `${settings.redis.options.keyPrefix ?? ''}${channel}`;
    this.#describe = `RedisSemaphore "${settings.key}"`;
    this.#keeper = new LeaseKeeper(settings.leaseMs, (ids) => this.#renew(ids), this.#describe);
  }

  get #redis(): RedisClient {
    return this.#settings.redis;
  }

  /** The permits a call asks for; throws when there can never be that many free at once. */
  #readTimes(times: number | undefined): number {
    const n = readTimes(times);
    if (n > this.#settings.value) {
      throw new RangeError(`times must be <= the semaphore's value, ${this.#settings.value} (received ${n}): that many permits can never be free at once`);
    }
    return n;
  }

  async acquireMany(times: number | undefined, options: unknown): Promise<RedisPermit> {
    const n = this.#readTimes(times);
    const signal = readAcquireSignal(options);
    const id = nextId();
    const hearing = grantSubscriber(this.#redis).hears(this.#channel);
    const asked = performance.now();
    const answer = await this.#acquire(id, n, 'wait');
    try {
      if (signal?.aborted) throw signal.reason;
      if (answer.state === 'granted') return this.#hold(id, n, asked);
      return this.#wait(id, n, signal, hearing, answer.untilExpiry);
    } catch (error) {
      // An abort, or a signal whose own code threw while the wait was being
      // set up: what Redis has of the call goes before the call rejects.
      await this.#leave(id).catch(() => {});
      throw error;
    }
  }

  async tryAcquire(times: number | undefined): Promise<RedisPermit | undefined> {
    const n = this.#readTimes(times);
    const id = nextId();
    const asked = performance.now();
    const answer = await this.#acquire(id, n, 'try');
    return answer.state === 'granted' ? this.#hold(id, n, asked) : undefined;
  }

  releasePermit(id: string): Promise<void> {
    this.#keeper.drop(id);
    return this.#leave(id).then(
      () => this.#unretain(id),
      (error: unknown) => {
        this.#unretain(id);
        throw error;
      },
    );
  }

  #hold(id: string, n: number, since: number): HeldPermit {
    const permit = new HeldPermit(this, id, n, () => this.#unretain(id));
    this.#keeper.hold(permit, since);
    const subscriber = grantSubscriber(this.#redis);
    if (subscriber.retain(this.#channel)) this.#retained.set(id, subscriber);
    return permit;
  }

  #unretain(id: string): void {
    const subscriber = this.#retained.get(id);
    if (subscriber === undefined) return;
    this.#retained.delete(id);
    subscriber.unretain(this.#channel);
  }

  #run(script: LuaScript, what: string, args: readonly (string | number)[], undo?: () => void): Promise<unknown> {
    return script.run(this.#redis, `${this.#describe} ${what}`, this.#settings.redisTimeout, this.#keys, [this.#channel, ...args], undo);
  }

  async #acquire(id: string, n: number, mode: 'wait' | 'try'): Promise<Exclude<Answer, { state: 'mismatch' }>> {
    const { value, leaseMs } = this.#settings;
    // A call given up on may have run, or run later, and hold or queue
    // permits for nobody: the release undoes it (see LuaScript#run).
    const raw = await this.#run(acquireScript, 'acquire', [id, n, value, leaseMs, mode], () => this.#leave(id).catch(() => {}));
    const answer = readAnswer(raw);
    if (answer.state === 'mismatch') {
      throw new RedisOptionsMismatchError(
        `${this.#describe} is live in Redis with value ${answer.live}, and this one was made with value ${value}: every caller of one key must use the same value (or another key).`,
      );
    }
    return answer;
  }

  #leave(id: string): Promise<unknown> {
    return this.#afterChecks(id, () => this.#run(releaseScript, 'release', [id]));
  }

  #afterChecks(id: string, send: () => Promise<unknown>): Promise<unknown> {
    const check = this.#checks.get(id);
    return check === undefined ? send() : check.then(send, send);
  }

  async #renew(ids: readonly string[]): Promise<readonly string[]> {
    const lost = await this.#run(renewScript, 'renew', [this.#settings.leaseMs, ...ids]);
    return lost as string[];
  }

  /**
   * Waits for a queued id's grant: announced on the channel, or found by a
   * re-check at the latest every third of a lease (which also renews the
   * waiter's own lease, and notices a holder whose lease ended). Throws,
   * having set up nothing, when the signal's own code does or no pub/sub
   * connection can be made (the caller then takes the queued id back).
   */
  #wait(id: string, n: number, signal: AbortSignal | undefined, hearing: Hearing | undefined, untilExpiry: number): Promise<RedisPermit> {
    const subscriber = grantSubscriber(this.#redis);
    let resolve!: (permit: RedisPermit) => void;
    let reject!: (reason: unknown) => void;
    const waiting = new Promise<RedisPermit>((resolveWait, rejectWait) => {
      resolve = resolveWait;
      reject = rejectWait;
    });
    let done = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let checking: Promise<void> | undefined;
    let recheck = false;

    const end = () => {
      done = true;
      clearTimeout(timer);
      unwatch?.();
      subscriber.unlisten(this.#channel, id);
    };
    // `since`: when the lease is known to have begun at the earliest
    // (an announcement's arrival; a re-check's sending, which renews it).
    const grant = (since: number) => {
      if (done) return;
      end();
      resolve(this.#hold(id, n, since));
    };
    const fail = (error: unknown) => {
      if (done) return;
      end();
      // Whatever Redis still has of this waiter ends with its lease; try to take it back now.
      this.#leave(id).catch(() => {});
      reject(error);
    };
    const abort = () => {
      if (done) return;
      end();
      const reason: unknown = signal?.reason;
      void this.#leave(id)
        .catch(() => {})
        .finally(() => reject(reason));
    };
    // First, so that a signal that throws leaves nothing else to undo.
    const unwatch = signal === undefined ? undefined : watchAbort(signal, abort);
    const schedule = (untilFirstExpiry: number) => {
      const third = this.#settings.leaseMs / 3;
      const delay = untilFirstExpiry >= 0 ? Math.min(untilFirstExpiry + 1, third) : third;
      clearTimeout(timer);
      // A re-check past the longest timer comes early at that step: one more call, harmless.
      timer = setTimeout(() => void check(), timerDelay(Math.max(delay, 1)));
    };
    const check = async (): Promise<void> => {
      if (done) return;
      if (checking !== undefined) {
        recheck = true;
        return checking;
      }
      clearTimeout(timer);
      const asked = performance.now();
      const current: Promise<void> = this.#acquire(id, n, 'wait')
        .then(
          (answer) => {
            if (done) return;
            if (answer.state === 'granted') grant(asked);
            else schedule(answer.untilExpiry);
          },
          (error: unknown) => fail(error),
        )
        .finally(() => {
          checking = undefined;
          if (this.#checks.get(id) === current) this.#checks.delete(id);
        });
      checking = current;
      this.#checks.set(id, current);
      await current;
      if (recheck && !done) {
        recheck = false;
        await check();
      }
    };
    const listener: GrantListener = { granted: () => grant(performance.now()), reconnected: () => void check(), disconnected: () => void check() };

    let listening: ReturnType<GrantSubscriber['listen']>;
    try {
      listening = subscriber.listen(this.#channel, id, listener);
    } catch (error) {
      // No pub/sub connection (duplicate() threw): nothing of the wait stays.
      unwatch?.();
      throw error;
    }
    const { earlyAt, subscribed } = listening;
    if (earlyAt !== undefined) {
      grant(earlyAt);
      return waiting;
    }
    schedule(untilExpiry);
    // Until the subscription is confirmed, an announcement could be missed:
    // check once it is, unless announcements reached us without a break
    // from before the id was queued (the same subscription, never dropped).
    subscribed.then(
      () => {
        if (!subscriber.stillHears(this.#channel, hearing)) void check();
      },
      () => void check(),
    );
    return waiting;
  }
}
