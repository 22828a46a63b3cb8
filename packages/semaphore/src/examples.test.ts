import { examplesIn, expectedLogs, runExample } from '@aiox/internal/documented-examples';
import { describe, expect, it } from 'vitest';
import * as api from './index';

/**
 * Every example in the README and in the TSDoc runs, and prints what its
 * `console.log(...); // expected` comments say.
 */
const all = ['../README.md', './index.ts', './semaphore.ts', './bounded-semaphore.ts', './permit.ts'].flatMap((file) =>
  examplesIn(import.meta.url, file),
);

describe('examples', () => {
  it('finds the examples', () => {
    expect(all.length).toBeGreaterThanOrEqual(9);
  });

  it.each(all.map((example) => [example.source, example.code]))('%s runs as documented', async (_source, code) => {
    expect(await runExample(code, '@aiox/semaphore', api)).toEqual(expectedLogs(code));
  });
});
