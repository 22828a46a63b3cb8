interface ListenerLimits {
  setMaxListeners(limit: number, ...targets: EventTarget[]): void;
}

interface MaybeNodeProcess {
  process?: { getBuiltinModule?: (id: string) => unknown };
}

/** Looked up once: `null` where the runtime has no listener limit to lift. */
let limits: ListenerLimits | null | undefined;

/**
 * The controller whose signal every task of one operation shares. With 32
 * workers, 32 tasks each listening on it (a `fetch`, a `setTimeout` from
 * `timers/promises`, a semaphore wait) is the design, not a leak, yet Node
 * (and Bun, and Deno's Node layer) warn `MaxListenersExceededWarning` past
 * 10. So the limit is lifted for this one signal, which aiox owns, where the
 * runtime has the notion. Reached through `process.getBuiltinModule` rather
 * than an import, so the package still imports nothing and runs unchanged in
 * browsers, where there is no such warning.
 */
export function sharedController(): AbortController {
  const controller = new AbortController();
  limits ??= findListenerLimits();
  // 0: no limit, so no warning for this signal.
  limits?.setMaxListeners(0, controller.signal);
  return controller;
}

function findListenerLimits(): ListenerLimits | null {
  try {
    const events = (globalThis as MaybeNodeProcess).process?.getBuiltinModule?.('node:events') as
      | Partial<ListenerLimits>
      | undefined;
    return typeof events?.setMaxListeners === 'function' ? (events as ListenerLimits) : null;
  } catch {
    return null;
  }
}
