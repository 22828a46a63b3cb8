// Which decorated functions the current thread runs inside. A decorator
// worker that calls its own decorated function (a module that decorates one
// of its exports, then calls the decorated one from it) would wait for
// itself: the call is refused instead.
const CHAIN = Symbol.for('aiox.run.decoratorChain');

type Holder = { [CHAIN]?: readonly string[] };

/** The chain of the current thread: empty outside decorator workers. */
export function currentChain(): readonly string[] {
  return (globalThis as Holder)[CHAIN] ?? [];
}

/** Decorator worker side: records the chain it runs in. */
export function enterChain(chain: readonly string[]): void {
  (globalThis as Holder)[CHAIN] = chain;
}
