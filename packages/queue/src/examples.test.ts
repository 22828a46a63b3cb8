import { examplesIn, expectedLogs, runExample } from '@aiox/internal/documented-examples';
import { describe, expect, it } from 'vitest';
import * as api from './index';

/**
 * Every example in the README and in the TSDoc runs, and prints what its
 * `console.log(...); // expected` comments say.
 */
const all = ['../README.md', './index.ts', './queue.ts', './options.ts', './events.ts'].flatMap((file) =>
  examplesIn(import.meta.url, file),
);

describe('examples', () => {
  it('finds the examples', () => {
    expect(all.filter((example) => example.source.startsWith('../README.md')).length).toBeGreaterThanOrEqual(3);
    expect(all.length).toBeGreaterThanOrEqual(14);
  });

  it.each(all.map((example) => [example.source, example.code]))('%s runs as documented', async (_source, code) => {
    const expected = expectedLogs(code);
    expect(expected.length, 'an example shows what it prints').toBeGreaterThan(0);
    expect(await runExample(code, '@aiox/queue', api)).toEqual(expected);
  });
});
