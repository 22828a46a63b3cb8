import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/*
 * The shared guard fails a test in `afterEach`, so it cannot be shown failing
 * from inside this run: run vitest on a fixture in a child process instead and
 * read its JSON report. Vitest itself also reports an unhandled rejection (as an
 * "unhandled error" that fails the whole run), so a non-zero exit alone proves
 * nothing: the report must show the leaking tests failed, by the guard's
 * 'unhandled rejections' assertion, and the clean one passed.
 */

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const vitestBin = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

it('fails every test that leaves an unhandled rejection behind, and only those', { timeout: 30_000 }, () => {
  // Without the VITEST* variables of this run, the child is a run of its own.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
  const child = spawnSync(
    process.execPath,
    [vitestBin, 'run', '--config', 'test-fixtures/vitest.config.ts', '--reporter=json'],
    { cwd: packageDir, env, encoding: 'utf8', timeout: 25_000 },
  );
  expect(child.error).toBeUndefined();
  expect(child.status, child.stderr).not.toBe(0);
  const report = JSON.parse(child.stdout.slice(child.stdout.indexOf('{'))) as Report;
  const results = report.testResults.flatMap((file) => file.assertionResults);
  const outcome = Object.fromEntries(
    results.map(({ title, status, failureMessages }) => [title, { status, message: failureMessages.join('\n') }]),
  );
  expect(Object.keys(outcome)).toEqual([
    'handles its rejection',
    'leaks a rejection',
    'leaks a rejection and leaves fake timers on',
  ]);
  expect(outcome['handles its rejection']).toEqual({ status: 'passed', message: '' });
  for (const [title, reason] of [
    ['leaks a rejection', 'leak'],
    ['leaks a rejection and leaves fake timers on', 'leak under fake timers'],
  ] as const) {
    expect(outcome[title]?.status, title).toBe('failed');
    expect(outcome[title]?.message, title).toContain('unhandled rejections');
    expect(outcome[title]?.message, title).toContain(reason);
  }
  expect([report.numPassedTests, report.numFailedTests]).toEqual([1, 2]);
});
