import { runtimesConfig } from '../../vitest.runtimes';

const clamped =
  'a fake-timer run waits a real setTimeout(0) per timer, which a browser clamps to 4 ms: 15 s here, and the schedule is the same in every engine';

// Runs the tests in Chromium, Deno and Bun too (scripts/test-runtimes.mjs).
export default runtimesConfig({
  browser: {
    'src/schedule.property.test.ts > schedule properties (fake clock) > starts every call exactly when the rules first allow, never breaking them':
      clamped,
    'src/schedule.property.test.ts > schedule properties (fake clock) > never breaks the rules and is at most 1 ms late with fractional periods':
      clamped,
  },
});
