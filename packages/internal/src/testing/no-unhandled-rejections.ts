// The one unhandled-rejection guard of every test suite, loaded before each
// test file as a vitest `setupFiles` entry by the root `vitest.shared.ts`: any
// rejection that nobody handled during a test fails that test, naming the
// reason. Test code only: nothing in `src/index.ts` exports it, so it never
// reaches a package's build.
//
// A test file may take the process's `unhandledRejection` listeners over for a
// while (collect's own control test does): these hooks run before that file's
// `beforeAll` and, hooks running as a stack, after its `afterEach` and
// `afterAll`, so the guard simply sees nothing while it is detached.
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';

const unhandled: unknown[] = [];
const record = (reason: unknown): void => {
  unhandled.push(reason);
};

/**
 * Node reports an unhandled rejection only once the microtask queue has
 * drained, so give it a full turn of the event loop first, on real timers
 * (a test may have left fake ones, which would hold `setImmediate` back).
 */
async function expectNoneUnhandled(): Promise<void> {
  vi.useRealTimers();
  await new Promise((resolve) => setImmediate(resolve));
  expect(unhandled.splice(0), 'unhandled rejections').toEqual([]);
}

beforeAll(() => {
  process.on('unhandledRejection', record);
});

afterEach(expectNoneUnhandled);

afterAll(async () => {
  // Also catches what a file's `beforeAll` or `afterAll` hooks left behind.
  try {
    await expectNoneUnhandled();
  } finally {
    process.off('unhandledRejection', record);
  }
});
