// How `@aiox/run` learns which pools started while its main was running,
// without importing `@aiox/pool` (a program that never uses a pool must not
// load it). The pool announces each start on a process-wide registry; the
// key is a global symbol because this file is bundled into each package, and
// a program may load a package twice (its ESM and CJS builds).
const KEY = Symbol.for('aiox.poolStarts');

/** What the registry hands to a listener: a pool that has just started. */
export interface StartedPool {
  shutdown(options?: { wait?: boolean }): Promise<void>;
}

type Listener = (pool: StartedPool) => void;
type Registry = { [KEY]?: Set<Listener> };

/** Pool side: tells every listener that `pool` started. */
export function announcePoolStart(pool: StartedPool): void {
  const listeners = (globalThis as Registry)[KEY];
  if (listeners !== undefined) for (const listener of listeners) listener(pool);
}

/** Run side: calls `listener` for each pool that starts from now on; returns the way to stop. */
export function watchPoolStarts(listener: Listener): () => void {
  const registry = globalThis as Registry;
  const listeners = (registry[KEY] ??= new Set());
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
