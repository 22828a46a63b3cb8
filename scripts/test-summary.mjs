#!/usr/bin/env node
// Adds up the JSON reports every package's vitest run leaves behind, so CI
// ends on one line that says how many tests ran: a run that executed no test
// at all must fail, not pass quietly.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group))) {
    const dir = join(root, group, name);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    // .vitest-report.json from Node; .vitest-report.<runtime>.json from scripts/test-runtimes.mjs.
    for (const file of readdirSync(dir).sort()) {
      const match = /^\.vitest-report(?:\.([\w-]+))?\.json$/.exec(file);
      if (!match) continue;
      const json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const runtime = match[1] ? ` (${match[1]})` : '';
      passed += json.numPassedTests;
      failed += json.numFailedTests;
      skipped += json.numPendingTests + json.numTodoTests;
      rows.push(`${`${group}/${name}${runtime}`.padEnd(34)} ${json.numPassedTests} passed, ${json.numFailedTests} failed`);
    }
  }
}
console.log(rows.join('\n'));
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exit(1);
