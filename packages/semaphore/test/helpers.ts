/**
 * Lets every pending microtask and due callback run: one event-loop turn
 * (a 0 ms timer where there is no `setImmediate`, as in a browser).
 */
export function flush(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

export { type Tracked, track } from '@aiox/internal/track';
