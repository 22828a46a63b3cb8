import { type SignalWaiter, type SignalWatch, SignalWatches } from '@aiox/internal';

/**
 * Every wait of this package on one signal, behind the one listener that
 * `SignalWatches` keeps on it. A group, not each wait, is what the watch
 * lists: Redis waits end in any order (grants, failures and re-queues of
 * different processes interleave), and a watch only lets its waiters leave
 * in the order they came, so each signal's list holds just its group.
 */
class SignalGroup implements SignalWaiter<SignalGroup> {
  watch: SignalWatch<SignalGroup> | undefined = undefined;
  nextSameSignal: SignalGroup | undefined = undefined;
  readonly signal: AbortSignal;
  readonly waits = new Set<() => void>();

  constructor(signal: AbortSignal) {
    this.signal = signal;
  }
}

const groups = new Map<AbortSignal, SignalGroup>();
// The group whose listener is being added, and what made adding it fail:
// `SignalWatches` reports a throwing `addEventListener` as an abort, at once
// and with the error, but a wait not yet set up has nothing to reject, so
// `watchAbort` throws it instead (its callers undo nothing then).
let settingUp: SignalGroup | undefined;
let setUpFailure: { readonly error: unknown } | undefined;
const watches = new SignalWatches<SignalGroup>((watch, reason) => {
  for (let group = watch.shift(); group !== undefined; group = watch.shift()) {
    if (groups.get(group.signal) === group) groups.delete(group.signal);
    if (group === settingUp) setUpFailure = { error: reason };
    else for (const aborted of [...group.waits]) aborted();
  }
});

function forget(group: SignalGroup): void {
  if (groups.get(group.signal) === group) groups.delete(group.signal);
  if (group.watch === undefined) return;
  try {
    watches.unwatch(group);
  } catch {
    // A signal whose removeEventListener throws keeps a listener that finds no wait.
  }
}

/**
 * Calls `aborted` once when `signal` aborts, until the returned function is
 * called (idempotent). Throws what the signal's `addEventListener` throws,
 * and then nothing of it stays registered.
 */
export function watchAbort(signal: AbortSignal, aborted: () => void): () => void {
  let group = groups.get(signal);
  if (group === undefined) {
    const created = new SignalGroup(signal);
    groups.set(signal, created);
    created.waits.add(aborted);
    const outer = { settingUp, setUpFailure };
    settingUp = created;
    setUpFailure = undefined;
    let failure: { readonly error: unknown } | undefined;
    try {
      watches.watch(signal, created);
      failure = setUpFailure;
    } catch (error) {
      failure = { error };
    } finally {
      ({ settingUp, setUpFailure } = outer);
    }
    if (failure !== undefined) {
      created.waits.delete(aborted);
      forget(created);
      throw failure.error;
    }
    group = created;
  } else {
    group.waits.add(aborted);
  }
  const joined = group;
  return () => {
    if (!joined.waits.delete(aborted)) return;
    if (joined.waits.size === 0) forget(joined);
  };
}
