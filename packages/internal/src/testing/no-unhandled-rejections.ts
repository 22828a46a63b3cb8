// The one unhandled-rejection guard of every test suite, loaded before each
// test file as a vitest `setupFiles` entry by the root `vitest.shared.ts`: any
// rejection that nobody handled during a test fails that test, naming the
// reason. Test code only: nothing in `src/index.ts` exports it, so it never
// reaches a package's build.
//
// It runs wherever the universal packages' tests run (`vitest.runtimes.ts`):
// Node, Deno and Bun report through `process.on('unhandledRejection')`, a
// browser only through the window's `unhandledrejection` event.
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

interface RejectionSource {
  attach(): void;
  detach(): void;
}

interface ProcessLike {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

const processLike = (globalThis as { process?: Partial<ProcessLike> }).process;

function onEvent(event: PromiseRejectionEvent): void {
  // Handled here, so the browser does not log it as uncaught too.
  event.preventDefault();
  record(event.reason);
}

const source: RejectionSource =
  typeof processLike?.on === 'function' && typeof processLike.off === 'function'
    ? {
        attach: () => (processLike as ProcessLike).on('unhandledRejection', record),
        detach: () => (processLike as ProcessLike).off('unhandledRejection', record),
      }
    : {
        attach: () => globalThis.addEventListener('unhandledrejection', onEvent),
        detach: () => globalThis.removeEventListener('unhandledrejection', onEvent),
      };

/**
 * One turn of the event loop, on real timers (a test may have left fake ones,
 * which would hold `setImmediate` back). A browser has no `setImmediate`;
 * there a 0 ms timer is the next task.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/**
 * An unhandled rejection is reported only once the microtask queue has
 * drained (in Node, then in a browser's next task), so give it two full turns
 * of the event loop first.
 */
async function expectNoneUnhandled(): Promise<void> {
  vi.useRealTimers();
  await nextTurn();
  await nextTurn();
  expect(unhandled.splice(0), 'unhandled rejections').toEqual([]);
}

beforeAll(() => {
  source.attach();
});

afterEach(expectNoneUnhandled);

afterAll(async () => {
  // Also catches what a file's `beforeAll` or `afterAll` hooks left behind.
  try {
    await expectNoneUnhandled();
  } finally {
    source.detach();
  }
});
