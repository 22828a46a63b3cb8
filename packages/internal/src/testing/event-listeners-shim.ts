// `node:events` for the browser run of the universal packages' tests
// (`vitest.runtimes.ts` aliases it here, and loads it as a setup file so it is
// in place before any test file runs): their tests count a signal's abort
// listeners with Node's `getEventListeners`, and a browser has no way to list
// an EventTarget's listeners. So this module records them as they are added and
// removed, with the DOM's rules: one entry per (type, listener, capture), none
// for an already aborted `signal` option, gone after a `once` listener fires or
// its `signal` aborts.
type Listener = EventListenerOrEventListenerObject;

interface Entry {
  listener: Listener;
  capture: boolean;
  /** Drops this entry; also registered natively for `once` and `signal`. */
  forget: () => void;
}

const entries = new WeakMap<EventTarget, Map<string, Entry[]>>();
const { addEventListener, removeEventListener } = EventTarget.prototype;

function listOf(target: EventTarget, type: string): Entry[] {
  let byType = entries.get(target);
  if (!byType) entries.set(target, (byType = new Map()));
  let list = byType.get(type);
  if (!list) byType.set(type, (list = []));
  return list;
}

const captureOf = (options?: boolean | EventListenerOptions): boolean =>
  typeof options === 'boolean' ? options : Boolean(options?.capture);

EventTarget.prototype.addEventListener = function (
  this: EventTarget,
  type: string,
  listener: Listener | null,
  options?: boolean | AddEventListenerOptions,
): void {
  addEventListener.call(this, type, listener, options);
  const capture = captureOf(options);
  const { once = false, signal } = typeof options === 'object' ? options : {};
  if (!listener || signal?.aborted) return;
  const list = listOf(this, type);
  if (list.some((entry) => entry.listener === listener && entry.capture === capture)) return;
  const entry: Entry = {
    listener,
    capture,
    forget: () => {
      const index = list.indexOf(entry);
      if (index < 0) return;
      list.splice(index, 1);
      if (once) removeEventListener.call(this, type, entry.forget, { capture });
      if (signal) removeEventListener.call(signal, 'abort', entry.forget);
    },
  };
  list.push(entry);
  // Added after the listener itself, so it runs right after it, as the browser removes it.
  if (once) addEventListener.call(this, type, entry.forget, { capture, once: true });
  if (signal) addEventListener.call(signal, 'abort', entry.forget, { once: true });
};

EventTarget.prototype.removeEventListener = function (
  this: EventTarget,
  type: string,
  listener: Listener | null,
  options?: boolean | EventListenerOptions,
): void {
  removeEventListener.call(this, type, listener, options);
  const capture = captureOf(options);
  listOf(this, type)
    .find((entry) => entry.listener === listener && entry.capture === capture)
    ?.forget();
};

/** The listeners of `type` on `target`, in the order they were added, like Node's. */
export function getEventListeners(target: EventTarget, type: string): Listener[] {
  return listOf(target, type).map((entry) => entry.listener);
}
