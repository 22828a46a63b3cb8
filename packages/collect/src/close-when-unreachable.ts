interface Closable {
  return(): unknown;
}

let registry: FinalizationRegistry<Closable> | undefined;

/**
 * Closes `resolver` once `handle` (the iterator the consumer holds) has been
 * garbage collected. A consumer may drop a running iterator without calling
 * `return()`: a loop abandoned by hand, or `for await` over the promise
 * iterator when an item rejects (engines before the 2023 fix to the
 * sync-to-async adapter, Node 20 among them, do not close it then).
 * Without this, the workers would go on pulling the source to its end, which
 * for an endless source is forever. The resolver must not refer back to the
 * handle, or the handle could never be collected.
 */
export function closeWhenUnreachable(handle: object, resolver: Closable): void {
  if (typeof FinalizationRegistry !== 'function') return;
  registry ??= new FinalizationRegistry(closeResolver);
  registry.register(handle, resolver);
}

function closeResolver(resolver: Closable): void {
  resolver.return();
}
