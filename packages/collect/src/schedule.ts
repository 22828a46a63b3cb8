import type { Thunk } from './task';

/**
 * A settled task. The value or error is kept in a private field so that the
 * object shows only its status, like a `PromiseSettledResult` with methods.
 */
class SettledTask<T> {
  readonly status: 'fulfilled' | 'rejected';
  readonly #value: unknown;

  constructor(status: 'fulfilled' | 'rejected', value: unknown) {
    this.status = status;
    this.#value = value;
  }

  result(): T {
    if (this.status === 'rejected') throw this.#value;
    return this.#value as T;
  }

  exception(): unknown {
    return this.status === 'rejected' ? this.#value : undefined;
  }
}

function fulfilled<T>(value: T): SettledTask<T> {
  return new SettledTask<T>('fulfilled', value);
}

function rejected<T>(error: unknown): SettledTask<T> {
  return new SettledTask<T>('rejected', error);
}

/**
 * Starts the task now and returns a promise that never rejects. A thunk is
 * called synchronously with a fresh signal of its own that never aborts
 * (fresh, so that listeners a task adds to it are freed with it rather than
 * piling up on a shared one).
 */
export function scheduleTask<T>(task: unknown): Promise<SettledTask<T>> {
  let value: unknown;
  try {
    value = typeof task === 'function' ? (task as Thunk)(new AbortController().signal) : task;
  } catch (error) {
    return Promise.resolve(rejected<T>(error));
  }
  // Both handlers are attached at once, so no rejection can go unhandled.
  return Promise.resolve(value).then(fulfilled as (value: unknown) => SettledTask<T>, rejected<T>);
}
