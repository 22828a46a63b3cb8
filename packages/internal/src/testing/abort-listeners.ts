// Counting a signal's abort listeners, for the tests that hold a limit to one
// listener per signal. Universal: the browser run aliases node:events to
// event-listeners-shim.ts.
import { getEventListeners } from 'node:events';

export const abortListeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;
