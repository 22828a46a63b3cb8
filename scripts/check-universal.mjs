#!/usr/bin/env node
// The universal packages promise to run in browsers, Deno and Bun: neither
// their sources nor their builds may import a Node built-in or another
// package at run time. Run from a package folder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['src', 'dist'];
const importPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;
const problems = [];

function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(c|m)?(j|t)s$/.test(entry) && !/\.test(-d)?\.ts$/.test(entry) && !entry.endsWith('.map')) check(path);
  }
}

function check(path) {
  // Imports written inside TSDoc examples are documentation, not code.
  const text = readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1');
  for (const match of text.matchAll(importPattern)) {
    const specifier = match[1];
    if (specifier.startsWith('.')) continue;
    // Workspace helpers are bundled into dist, so only src may name them.
    if (path.startsWith('src') && specifier === '@aiox/internal') continue;
    problems.push(`${path}: imports "${specifier}"`);
  }
}

for (const root of roots) walk(root);
if (problems.length > 0) {
  console.error(`A universal package must import nothing at run time:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('universal: no runtime imports');
