import type { RedisClient, RedisSubscriberClient } from './client';
import { isOwnId } from './keys';

/** A waiter as the subscriber sees it. */
export interface GrantListener {
  /** Its id was in a grant announcement. */
  granted(): void;
  /** The pub/sub connection came back after a drop: announcements may have been missed. */
  reconnected(): void;
  /** The pub/sub connection dropped: check with Redis now rather than wait for the next re-check. */
  disconnected(): void;
}

// How long a grant for one of this process's ids that nobody listens for yet
// is kept: the announcement can overtake the reply that queued the waiter.
const EARLY_GRANT_MS = 10_000;

/** Proof that announcements on a channel reached this process from some moment on. */
export interface Hearing {
  readonly entry: object;
  readonly epoch: number;
}

/**
 * The one pub/sub connection a client's semaphores share: made with
 * `duplicate()` when the first waiter subscribes, kept while any of them
 * waits or holds a permit it waited for (so a busy process does not reconnect
 * between waits), closed when none does: an idle process holds no extra
 * connection. Closed too when the client itself ends.
 */
class GrantSubscriber {
  readonly #redis: RedisClient;
  #connection: RedisSubscriberClient | undefined;
  readonly #channels = new Map<string, ChannelEntry>();
  readonly #early = new Map<string, number>();
  #dropped = false;
  // Counts the pub/sub connection's drops (and replacements): announcements
  // sent during one are lost, so a Hearing from before it proves nothing.
  #epoch = 0;
  readonly #clientEnded = () => this.#close();

  constructor(redis: RedisClient) {
    this.#redis = redis;
  }

  /**
   * Whether announcements on `channel` reach this process now: a token that
   * {@link GrantSubscriber.stillHears} checks later, or undefined.
   */
  hears(channel: string): Hearing | undefined {
    const entry = this.#channels.get(channel);
    if (entry?.ready !== true || this.#dropped || this.#connection?.status !== 'ready') return undefined;
    return { entry, epoch: this.#epoch };
  }

  /** True when nothing could have been missed on the channel since `hearing` was taken. */
  stillHears(channel: string, hearing: Hearing | undefined): boolean {
    return hearing !== undefined && this.#channels.get(channel) === hearing.entry && this.#epoch === hearing.epoch && !this.#dropped;
  }

  /** Keeps the subscription to `channel` (if there is one) while a permit granted through it is held; returns whether it did. */
  retain(channel: string): boolean {
    const entry = this.#channels.get(channel);
    if (entry === undefined) return false;
    entry.holds += 1;
    return true;
  }

  unretain(channel: string): void {
    const entry = this.#channels.get(channel);
    if (entry === undefined) return;
    entry.holds -= 1;
    this.#dropIfUnused(channel, entry);
  }

  /**
   * Listens for `id`'s grant; `subscribed` resolves once the subscription is
   * confirmed (from then on no announcement is missed). `earlyAt`: when its
   * grant arrived, if that was before it listened.
   */
  listen(channel: string, id: string, listener: GrantListener): { earlyAt: number | undefined; subscribed: Promise<void> } {
    const earlyAt = this.#early.get(id);
    if (earlyAt !== undefined) {
      this.#early.delete(id);
      return { earlyAt, subscribed: Promise.resolve() };
    }
    const connection = this.#connect();
    let entry = this.#channels.get(channel);
    if (entry === undefined) {
      entry = { listeners: new Map(), subscribed: undefined, ready: false, holds: 0 };
      this.#channels.set(channel, entry);
    }
    entry.listeners.set(id, listener);
    let subscribed = entry.subscribed;
    if (subscribed === undefined) {
      const current = entry;
      subscribed = connection.subscribe(channel).then(() => {
        current.ready = true;
      });
      current.subscribed = subscribed;
      // A failed subscribe is reported to the waiter through the promise; the entry retries on the next listen.
      subscribed.catch(() => {
        current.subscribed = undefined;
      });
    }
    return { earlyAt: undefined, subscribed };
  }

  unlisten(channel: string, id: string): void {
    const entry = this.#channels.get(channel);
    if (entry === undefined || !entry.listeners.delete(id)) return;
    this.#dropIfUnused(channel, entry);
  }

  #dropIfUnused(channel: string, entry: ChannelEntry): void {
    if (entry.listeners.size > 0 || entry.holds > 0 || this.#channels.get(channel) !== entry) return;
    this.#channels.delete(channel);
    if (this.#channels.size === 0) {
      this.#close();
    } else {
      this.#connection?.unsubscribe(channel).catch(() => {});
    }
  }

  #connect(): RedisSubscriberClient {
    if (this.#connection !== undefined) return this.#connection;
    const connection = this.#redis.duplicate();
    this.#connection = connection;
    this.#epoch += 1;
    this.#redis.on('end', this.#clientEnded);
    connection.on('message', (channel, message) => this.#announce(channel, message));
    // Without a listener, ioredis prints each connection error; the waiters report them instead.
    connection.on('error', () => {});
    connection.on('close', () => {
      if (this.#connection !== connection) return;
      this.#dropped = true;
      this.#epoch += 1;
      for (const listener of this.#everyListener()) listener.disconnected();
    });
    connection.on('ready', () => {
      if (this.#connection !== connection || !this.#dropped) return;
      this.#dropped = false;
      for (const listener of this.#everyListener()) listener.reconnected();
    });
    return connection;
  }

  #close(): void {
    const connection = this.#connection;
    this.#connection = undefined;
    this.#dropped = false;
    this.#epoch += 1;
    this.#early.clear();
    this.#redis.off('end', this.#clientEnded);
    subscribers.delete(this.#redis);
    // Waiters still listening learn it by their next check (which then fails, as the client ended).
    const listeners = [...this.#everyListener()];
    this.#channels.clear();
    connection?.disconnect();
    for (const listener of listeners) listener.disconnected();
  }

  *#everyListener(): Generator<GrantListener> {
    for (const entry of [...this.#channels.values()]) yield* [...entry.listeners.values()];
  }

  #announce(channel: string, message: string): void {
    const listeners = this.#channels.get(channel)?.listeners;
    for (const id of message.split(' ')) {
      const listener = listeners?.get(id);
      if (listener !== undefined) listener.granted();
      else if (isOwnId(id)) this.#rememberEarly(id);
    }
  }

  #rememberEarly(id: string): void {
    const now = performance.now();
    for (const [known, at] of this.#early) {
      if (now - at < EARLY_GRANT_MS) break;
      this.#early.delete(known);
    }
    this.#early.set(id, now);
  }
}

interface ChannelEntry {
  readonly listeners: Map<string, GrantListener>;
  subscribed: Promise<void> | undefined;
  ready: boolean;
  /** Permits held that were granted while this subscription was live. */
  holds: number;
}

const subscribers = new WeakMap<RedisClient, GrantSubscriber>();

/** The subscriber shared by every semaphore on `redis`. */
export function grantSubscriber(redis: RedisClient): GrantSubscriber {
  let subscriber = subscribers.get(redis);
  if (subscriber === undefined) {
    subscriber = new GrantSubscriber(redis);
    subscribers.set(redis, subscriber);
  }
  return subscriber;
}

export type { GrantSubscriber };
