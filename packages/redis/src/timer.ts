/** The longest delay setTimeout keeps: a longer one fires after 1 ms instead, and warns. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `ms` as a delay setTimeout keeps: capped at {@link MAX_TIMER_MS}. Every
 * timer of this package that may wait longer re-checks what it waits for
 * when it fires and re-arms, so a long wait goes in steps of at most that.
 */
export function timerDelay(ms: number): number {
  return Math.min(Math.max(ms, 0), MAX_TIMER_MS);
}
