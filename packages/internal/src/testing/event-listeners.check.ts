// Run by `vitest.runtimes.ts` only: the listener bookkeeping the universal
// packages' tests rely on, against Node's own getEventListeners in Deno and
// Bun, and so, with the same expectations, against event-listeners-shim.ts in
// the browser (where `node:events` is that shim).
import { getEventListeners } from 'node:events';
import { expect, it } from 'vitest';

it('lists what addEventListener added and nothing removeEventListener, once or a signal took away', () => {
  const target = new AbortController();
  const stop = new AbortController();
  const first = () => {};
  const second = () => {};
  const third = () => {};
  target.signal.addEventListener('abort', first);
  target.signal.addEventListener('abort', first);
  target.signal.addEventListener('abort', first, { capture: true });
  target.signal.addEventListener('abort', second, { once: true });
  target.signal.addEventListener('abort', third, { signal: stop.signal });
  target.signal.addEventListener('abort', third, { signal: AbortSignal.abort() });
  expect(getEventListeners(target.signal, 'abort')).toEqual([first, first, second, third]);
  stop.abort();
  expect(getEventListeners(target.signal, 'abort')).toEqual([first, first, second]);
  target.signal.removeEventListener('abort', first, { capture: true });
  expect(getEventListeners(target.signal, 'abort')).toEqual([first, second]);
  target.abort();
  expect(getEventListeners(target.signal, 'abort')).toEqual([first]);
  target.signal.removeEventListener('abort', first);
  expect(getEventListeners(target.signal, 'abort')).toEqual([]);
});
