// Children of a process pool start with the host's Node flags, minus those
// that name the host's own entry: a program run as `node -e` or
// `node --input-type=module -e` is as common in scripts as a file is.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const entry = (format: 'esm' | 'cjs'): string =>
  JSON.stringify(new URL(format === 'esm' ? '../dist/index.js' : '../dist/index.cjs', import.meta.url).href.replace(format === 'cjs' ? 'file://' : '', ''));

it('runs the entries this test run built, not an older build', () => {
  // A stale dist/index.cjs (global-setup once built ESM only) would test old code.
  for (const file of ['../dist/index.js', '../dist/index.cjs']) {
    expect(statSync(new URL(file, import.meta.url)).mtimeMs, file).toBeGreaterThanOrEqual(inject('poolBuiltAt'));
  }
});

const body = `
  const capped = new ExecutorPool('child_process', { maxOldGenerationSizeMb: 64 });
  const results = [
    await inThread((n) => n + 1, 1),
    await inProcess((n) => n + 2, 1),
    await capped.call((n) => n + 3, [1]),
  ];
  await capped.shutdown();
  console.log('results ' + JSON.stringify(results));
  process.exit(0);
`;

describe.each([
  { how: 'node --input-type=module -e', args: ['--max-old-space-size=512', '--input-type=module', '-e', `import { ExecutorPool, inProcess, inThread } from ${entry('esm')};${body}`] },
  { how: 'node -e (CommonJS)', args: ['-e', `const { ExecutorPool, inProcess, inThread } = require(${entry('cjs')}); (async () => {${body}})();`] },
  { how: 'node --eval= with a --max-old-space-size of its own', args: ['--max-old-space-size=512', `--eval=const { ExecutorPool, inProcess, inThread } = require(${entry('cjs')}); (async () => {${body}})();`] },
])('a host started as $how', ({ args }) => {
  it('runs calls on threads and processes, with and without a heap cap, and runs its own script once', () => {
    const child = spawnSync(process.execPath, args, { cwd: packageDir, encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('results [2,3,4]\n');
    expect(child.status).toBe(0);
  });
});

describe('workers that cannot start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aiox-pool-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Node runs a --require preload in every worker thread and child process too.
  const preload = join(dir, 'refuse-workers.cjs');
  writeFileSync(
    preload,
    `if (!require('node:worker_threads').isMainThread || process.env.TINYPOOL_WORKER_ID) throw new Error('this preload refuses workers');`,
  );
  const script = join(dir, 'calls.mjs');
  writeFileSync(
    script,
    `import { ExecutorPool, WorkerStartError } from ${entry('esm')};
    const outcomes = [];
    for (const runtime of ['worker_threads', 'child_process']) {
      const pool = new ExecutorPool(runtime);
      pool.initialize({ maxWorkers: 2 });
      const calls = [1, 2, 3].map((n) => pool.call((x) => x, [n]));
      for (const call of calls) outcomes.push(await call.then(() => 'resolved', (error) => runtime + ' ' + error.code + ' ' + error.message));
      // A later call tries again, and fails the same way.
      outcomes.push(await pool.call((x) => x, [4]).then(() => 'resolved', (error) => runtime + ' again ' + error.code + ' ' + error.name + ' ' + (error instanceof WorkerStartError)));
      await pool.shutdown();
    }
    console.log(JSON.stringify(outcomes));`,
  );

  it('fail their calls with the reason instead of leaving them waiting for ever', () => {
    // Vitest runs on tinypool too: its worker's id must not reach the host.
    const { TINYPOOL_WORKER_ID: _, ...env } = process.env;
    const child = spawnSync(process.execPath, ['--require', preload, script], { cwd: packageDir, env, encoding: 'utf8', timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    const outcomes = JSON.parse(child.stdout) as string[];
    expect(outcomes).toHaveLength(8);
    for (const [runtime, offset] of [['worker_threads', 0], ['child_process', 4]] as const) {
      for (const outcome of outcomes.slice(offset, offset + 3)) {
        expect(outcome).toMatch(new RegExp(`^${runtime} ERR_AIOX_WORKER_START_FAILED a pool worker failed as it started, so the call never ran: `));
      }
      expect(outcomes[offset + 3]).toBe(`${runtime} again ERR_AIOX_WORKER_START_FAILED WorkerStartError true`);
    }
    expect(outcomes[0]).toContain('this preload refuses workers');
  });
});
