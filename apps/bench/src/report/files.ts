/** Writes a run's report files next to the app, in `results/`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunReport } from '../types.js';
import { renderMarkdown } from './markdown.js';
import { renderSvg } from './svg.js';

/** `dist/index.js` runs from `apps/bench/dist`, so this is `apps/bench/results`. */
const RESULTS = new URL('../results/', import.meta.url);

function write(name: string, content: string): string {
  const url = new URL(name, RESULTS);
  writeFileSync(url, content);
  return fileURLToPath(url);
}

/**
 * Every run keeps its raw JSON (git-ignored); only a full run, or `--save`,
 * replaces the committed latest.json, results.md and chart.svg, so a quick
 * smoke run never overwrites real numbers.
 */
export function writeReport(report: RunReport, publish: boolean): string[] {
  mkdirSync(RESULTS, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const stamp = report.machine.date.replace(/[:.]/g, '-');
  const written = [write(`raw-${stamp}.json`, json)];
  if (publish) {
    written.push(write('latest.json', json), write('results.md', renderMarkdown(report)), write('chart.svg', renderSvg(report)));
  }
  return written;
}
