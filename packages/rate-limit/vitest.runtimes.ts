import { runtimesConfig } from '../../vitest.runtimes';

const clamped =
  'a fake-timer run waits a real setTimeout(0) per timer, which a browser clamps to 4 ms: 15 s here, and the schedule is the same in every engine';

const spiedTimer =
  'spying on setTimeout under fake timers hangs the test in Chromium (each times out at 60 s; cause not found yet); the same tests run in Node, Deno and Bun';

// Runs the tests in Chromium, Deno and Bun too (scripts/test-runtimes.mjs).
export default runtimesConfig({
  browser: {
    'src/schedule.property.test.ts > schedule properties (fake clock) > starts every call exactly when the rules first allow, never breaking them':
      clamped,
    'src/schedule.property.test.ts > schedule properties (fake clock) > never breaks the rules and is at most 1 ms late with fractional periods':
      clamped,
    'src/setup-failure.test.ts > a timer that cannot be armed > RateLimiter#acquire rejects with its error, and the next caller takes the slot':
      spiedTimer,
    'src/setup-failure.test.ts > a timer that cannot be armed > RateLimiter#wrap rejects with its error, and the next caller takes the slot':
      spiedTimer,
    'src/setup-failure.test.ts > a timer that cannot be armed > rateLimited: the decorated function rejects with its error, and its next call takes the slot':
      spiedTimer,
  },
});
