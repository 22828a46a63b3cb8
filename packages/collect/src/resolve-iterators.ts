import { closeWhenUnreachable } from './close-when-unreachable';
import type { AsyncResolver } from './resolve-async';
import type { SyncResolver } from './resolve-sync';

/*
 * The iterators `resolve` returns: thin handles on a resolver, which keeps
 * all the state. Being separate, a handle the consumer dropped can be
 * garbage collected while its workers still run, and its resolver closed.
 */

/**
 * One promise per item. It has `[Symbol.iterator]`, `next` and `return`, and
 * deliberately no `[Symbol.asyncIterator]`: `for await` then wraps it in the
 * language's sync-to-async adapter, which awaits each promise and yields the
 * plain values.
 */
export class PromiseIterator<T> implements IterableIterator<Promise<T>> {
  readonly #resolver: SyncResolver<T>;

  constructor(resolver: SyncResolver<T>) {
    this.#resolver = resolver;
    closeWhenUnreachable(this, resolver);
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<Promise<T>> {
    return this.#resolver.next();
  }

  return(): IteratorResult<Promise<T>> {
    return this.#resolver.return();
  }
}

/** The values, in order. */
export class ValueIterator<T> implements AsyncIterableIterator<T> {
  readonly #resolver: AsyncResolver<T>;

  constructor(resolver: AsyncResolver<T>) {
    this.#resolver = resolver;
    closeWhenUnreachable(this, resolver);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    return this.#resolver.next();
  }

  return(): Promise<IteratorResult<T>> {
    return this.#resolver.return();
  }
}
