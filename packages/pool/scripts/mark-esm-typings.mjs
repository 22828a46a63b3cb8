#!/usr/bin/env node
// tinypool ships ESM only: in the CommonJS typings its import must say so,
// or a CommonJS program that checks libraries (skipLibCheck off) gets TS1479
// there. tsup's .d.ts bundler drops the `resolution-mode` attribute a source
// import would carry, so the build adds it afterwards. Run from the package.
import { readFile, writeFile } from 'node:fs/promises';

const typings = 'dist/index.d.cts';
const text = await readFile(typings, 'utf8');
const fixed = text.replace(/^import (\w+) from 'tinypool';$/m, "import type $1 from 'tinypool' with { 'resolution-mode': 'import' };");
if (fixed === text && !text.includes("from 'tinypool' with { 'resolution-mode': 'import' }")) {
  throw new Error(`${typings}: found no tinypool import to mark as ESM; did the .d.ts bundler change its output?`);
}
await writeFile(typings, fixed);
