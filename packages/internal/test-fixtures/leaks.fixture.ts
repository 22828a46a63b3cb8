// Fixture for src/testing/no-unhandled-rejections.test.ts: run on its own, in a
// child vitest, through ./vitest.config.ts. Two tests leave a rejection that
// nobody handles; the guard must fail exactly those two.
import { expect, it, vi } from 'vitest';

it('handles its rejection', async () => {
  await expect(Promise.reject(new Error('handled'))).rejects.toThrow('handled');
});

it('leaks a rejection', () => {
  void Promise.reject(new Error('leak'));
  expect(true).toBe(true);
});

it('leaks a rejection and leaves fake timers on', () => {
  vi.useFakeTimers();
  void Promise.reject(new Error('leak under fake timers'));
});
