import { assertInteger, assertNumber, assertOptions } from '@aiox/internal';
import { shippedTarget, type TaskTarget } from '@aiox/pool/ship';
import { currentChain } from './decorator-chain';
import { SyncCaller } from './sync-caller';

/** Options of {@link runDecorator}. */
export interface DecoratorOptions {
  /**
   * Milliseconds a call may take, counted once its worker has started (a
   * cold worker's start-up is bounded by `startTimeout` instead). A call
   * over it throws a `TimeoutError` (a `DOMException`) and ends its worker,
   * so the next call runs on a fresh one. Default: no limit.
   */
  readonly timeout?: number | undefined;
  /**
   * Milliseconds a worker may take to start (its thread, and loading `fn`),
   * which `timeout` leaves out. A call whose worker has not started by then
   * throws a `TimeoutError` that says so and ends that worker. Default
   * 30,000.
   */
  readonly startTimeout?: number | undefined;
  /** Caps the worker's old-generation heap, in MB: a worker over it dies, and the call throws saying so. */
  readonly maxOldGenerationSizeMb?: number | undefined;
}

// A decorated function that is garbage-collected ends its worker.
const workers = new FinalizationRegistry<SyncCaller>((caller) => caller.end());

export function decorate(fn: unknown, options?: DecoratorOptions): (...args: unknown[]) => unknown {
  assertOptions('options', options);
  if (options?.timeout !== undefined) assertNumber('options.timeout', options.timeout, 0, false);
  if (options?.startTimeout !== undefined) assertNumber('options.startTimeout', options.startTimeout, 0, false);
  if (options?.maxOldGenerationSizeMb !== undefined) assertInteger('options.maxOldGenerationSizeMb', options.maxOldGenerationSizeMb, 1);
  const target = shippedTarget(fn);
  const key = keyOf(target);
  const chain = currentChain();
  const name = typeof fn === 'function' && fn.name !== '' ? fn.name : undefined;
  const caller = new SyncCaller(target, name, [...chain, key], {
    timeout: options?.timeout,
    startTimeout: options?.startTimeout,
    maxOldGenerationSizeMb: options?.maxOldGenerationSizeMb,
  });
  const selfCall = chain.includes(key);
  const decorated = (...args: unknown[]): unknown => {
    if (selfCall) {
      throw new Error(
        'a function decorated with runDecorator was called from inside its own worker, where it would wait for itself forever: ' +
          'call the undecorated function there (or await it) instead',
      );
    }
    return caller.call(args, decorated);
  };
  workers.register(decorated, caller);
  return decorated;
}

/** The same function decorated twice (or in a nested worker) has the same key. */
function keyOf(target: TaskTarget): string {
  return 'source' in target ? `source:${target.source}` : `module:${target.module}#${target.exportName}`;
}
