#!/usr/bin/env node
// Runs a universal package's vitest files in headless Chromium, Deno and Bun
// (or the runtimes named as arguments), through its `vitest.runtimes.ts`. Run
// from the package folder. Each run writes `.vitest-report.<runtime>.json` for
// scripts/test-summary.mjs; the command fails if any run fails. Deno and Bun
// come from npm (root devDependencies), so they are never skipped; Chromium
// comes from the system: without one, CI fails, a local run skips it.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNTIMES = ['browser', 'deno', 'bun'];
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const vitest = join(dirname(createRequire(join(root, 'package.json')).resolve('vitest/package.json')), 'vitest.mjs');

const asked = process.argv.slice(2);
for (const name of asked) {
  if (!RUNTIMES.includes(name)) {
    console.error(`test-runtimes: a runtime must be one of ${RUNTIMES.join(', ')}, got ${JSON.stringify(name)}`);
    process.exit(2);
  }
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CHROMIUM_PATH if set (it must work), else the first chromium on PATH. */
function findChromium() {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (executable(chosen)) return chosen;
    console.error(`test-runtimes: CHROMIUM_PATH must name an executable chromium, got ${JSON.stringify(chosen)}`);
    process.exit(2);
  }
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of ['chromium', 'chromium-browser']) {
    for (const dir of dirs) if (executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The command that starts vitest in `runtime`, or undefined to skip it. */
function commandFor(runtime) {
  if (runtime === 'deno') return [bin('deno'), ['run', '-A', vitest]];
  if (runtime === 'bun') return [bin('bun'), ['--bun', vitest]];
  const chromium = findChromium();
  if (chromium) return [process.execPath, [vitest], { CHROMIUM_PATH: chromium }];
  if (process.env.CI === 'true') {
    console.error('test-runtimes: no chromium found, and CI must run the browser tests (apt-get install chromium, or set CHROMIUM_PATH)');
    process.exit(1);
  }
  return undefined;
}

// AIOX_RUNTIMES_ONLY (a comma list) narrows the default set: CI's reruns on
// newer Node lines leave out Deno and Bun, which do not run on Node at all.
const only = process.env.AIOX_RUNTIMES_ONLY?.split(',').filter(Boolean);
const chosen = asked.length > 0 ? asked : RUNTIMES.filter((runtime) => only === undefined || only.includes(runtime));
if (chosen.length < RUNTIMES.length && asked.length === 0) {
  console.log(`test-runtimes: only ${chosen.join(', ') || 'none'} (AIOX_RUNTIMES_ONLY=${process.env.AIOX_RUNTIMES_ONLY})`);
}
// Reports of runtimes left out now must not be counted as this run's.
for (const runtime of RUNTIMES) if (!chosen.includes(runtime)) rmSync(`.vitest-report.${runtime}.json`, { force: true });
const failed = [];
for (const runtime of chosen) {
  const report = `.vitest-report.${runtime}.json`;
  // A report from an earlier run must not stand in for a run skipped or broken now.
  rmSync(report, { force: true });
  const command = commandFor(runtime);
  if (!command) {
    console.log(`${runtime}: skipped: no chromium found (apt-get install chromium, or set CHROMIUM_PATH)`);
    continue;
  }
  const [file, args, env = {}] = command;
  console.log(`${runtime}: vitest run --config vitest.runtimes.ts`);
  const child = spawnSync(
    file,
    [...args, 'run', '--config', 'vitest.runtimes.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { stdio: 'inherit', env: { ...process.env, ...env, AIOX_TEST_RUNTIME: runtime } },
  );
  if (child.error) console.error(`${runtime}: could not start ${file}: ${child.error.message}`);
  if (child.status !== 0) failed.push(runtime);
}
if (failed.length > 0) {
  console.error(`test-runtimes: failed in ${failed.join(', ')}`);
  process.exit(1);
}
