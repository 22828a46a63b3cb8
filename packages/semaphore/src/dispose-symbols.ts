/**
 * The keys a permit's disposers live under. Where the runtime lacks the
 * well-known symbols, use the registered ones that esbuild's `using` helpers
 * (and so tsup, Vite and vitest builds) fall back to, so down-levelled
 * `using` still finds the disposers.
 */
export const disposeSymbol: typeof Symbol.dispose =
  Symbol.dispose ?? (Symbol.for('Symbol.dispose') as typeof Symbol.dispose);

export const asyncDisposeSymbol: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);
