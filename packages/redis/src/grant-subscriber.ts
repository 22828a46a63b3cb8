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

/**
 * The one pub/sub connection a client's waiters share (made with
 * `duplicate()` when the first waiter subscribes, closed when the last one
 * leaves, so an idle process holds no extra connection).
 */
class GrantSubscriber {
  readonly #redis: RedisClient;
  #connection: RedisSubscriberClient | undefined;
  readonly #channels = new Map<string, { listeners: Map<string, GrantListener>; subscribed: Promise<void> | undefined; ready: boolean }>();
  readonly #early = new Map<string, number>();
  #dropped = false;

  constructor(redis: RedisClient) {
    this.#redis = redis;
  }

  /** True when announcements on `channel` already reach this process. */
  hears(channel: string): boolean {
    return this.#channels.get(channel)?.ready === true && this.#connection?.status === 'ready';
  }

  /**
   * Listens for `id`'s grant; resolves once the subscription is confirmed
   * (from then on no announcement is missed). Returns `true` when its grant
   * already arrived before it listened.
   */
  listen(channel: string, id: string, listener: GrantListener): { early: boolean; subscribed: Promise<void> } {
    if (this.#early.delete(id)) return { early: true, subscribed: Promise.resolve() };
    const connection = this.#connect();
    let entry = this.#channels.get(channel);
    if (entry === undefined) {
      entry = { listeners: new Map(), subscribed: undefined, ready: false };
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
    return { early: false, subscribed };
  }

  unlisten(channel: string, id: string): void {
    const entry = this.#channels.get(channel);
    if (entry === undefined || !entry.listeners.delete(id) || entry.listeners.size > 0) return;
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
    connection.on('message', (channel, message) => this.#announce(channel, message));
    // Without a listener, ioredis prints each connection error; the waiters report them instead.
    connection.on('error', () => {});
    connection.on('close', () => {
      if (this.#connection !== connection) return;
      this.#dropped = true;
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
    this.#early.clear();
    subscribers.delete(this.#redis);
    connection?.disconnect();
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
