// Loaded before every test file (vitest.config.ts): any rejection that nobody
// handled during a test fails that test, naming the reason.
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';

const unhandled: unknown[] = [];
const record = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(() => {
  process.on('unhandledRejection', record);
});

afterEach(async () => {
  vi.useRealTimers();
  // Node reports an unhandled rejection only once the microtask queue has
  // drained, so give it a full turn of the event loop first.
  await new Promise((resolve) => setImmediate(resolve));
  expect(unhandled.splice(0), 'unhandled rejections').toEqual([]);
});

afterAll(() => {
  process.off('unhandledRejection', record);
});
