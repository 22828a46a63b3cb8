#!/usr/bin/env node
// Size budgets of a universal package: what a bundler ships for each export
// imported alone, minified and gzipped, stays within the budget that the
// package's `sizeBudgets` field in package.json sets (bytes). Run from a
// package folder, after the build. It fails when an export is over budget,
// when an export has no budget, and when a budget names nothing exported, so
// it cannot pass by measuring less than the package ships.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

// esbuild is not a root dependency of its own: the one tsup brings measures
// as well, and needs no install.
const fromRoot = createRequire(new URL('../package.json', import.meta.url));
const esbuild = createRequire(fromRoot.resolve('tsup'))('esbuild');

const packageDir = process.cwd();
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const entry = join(packageDir, manifest.exports?.['.']?.import?.default ?? manifest.module);
const entryName = relative(packageDir, entry);
const budgets = manifest.sizeBudgets;
if (budgets === null || typeof budgets !== 'object' || Array.isArray(budgets)) {
  console.error(`${manifest.name}: package.json needs a "sizeBudgets" object of export name to bytes`);
  process.exit(1);
}

if (!existsSync(entry)) {
  console.error(`${manifest.name}: ${entryName} is missing: build the package first`);
  process.exit(1);
}
const exported = Object.keys(await import(pathToFileURL(entry).href)).sort();
const problems = exported.length === 0 ? [`${entryName} exports nothing`] : [];
const rows = [];

for (const name of exported) {
  const budget = budgets[name];
  if (!Number.isInteger(budget) || budget <= 0) {
    problems.push(`${name}: no budget (sizeBudgets.${name} must be a positive integer, is ${JSON.stringify(budget)})`);
    continue;
  }
  const bytes = await gzippedSize(name);
  rows.push({ name, bytes, budget });
  if (bytes > budget) problems.push(`${name}: ${bytes} B, ${bytes - budget} B over its budget of ${budget} B`);
}
for (const name of Object.keys(budgets)) {
  if (!exported.includes(name)) problems.push(`${name}: has a budget but ${entryName} does not export it`);
}

const width = Math.max(6, ...rows.map((row) => row.name.length));
console.log(`${'export'.padEnd(width)}  min+gz  budget`);
for (const { name, bytes, budget } of rows) {
  console.log(`${name.padEnd(width)}  ${`${bytes} B`.padStart(6)}  ${`${budget} B`.padStart(6)}${bytes > budget ? '  OVER' : ''}`);
}
if (problems.length > 0) {
  console.error(`${manifest.name}: size budgets not met:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${manifest.name}: ${rows.length} exports within their size budgets`);

/** What a user's bundle of this one export weighs: bundled, tree-shaken, minified, gzip -9. */
async function gzippedSize(name) {
  const result = await esbuild.build({
    stdin: {
      // The global assignment keeps the export alive through tree-shaking.
      contents: `import { ${name} } from ${JSON.stringify(entry)}; globalThis.x = ${name};`,
      resolveDir: packageDir,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}
