/** The live view: a header when a case starts, a round counter, a table when it ends. */
import type { Progress } from '../harness.js';
import type { CaseResult, CaseSpec } from '../types.js';
import { formatTarget, tableRows } from './format.js';

const interactive = process.stdout.isTTY === true;

function pad(cell: string, width: number, right: boolean): string {
  return right ? cell.padStart(width) : cell.padEnd(width);
}

export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => pad(cell, widths[i] ?? 0, i > 0)).join('  ');
  console.log(`  ${line(header)}`);
  console.log(`  ${widths.map((w) => '─'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(`  ${line(row)}`);
}

export function announceCase(spec: CaseSpec, rounds: number): Progress {
  console.log(`\n▸ ${spec.title}  (${spec.contenders.length} contenders × ${rounds} rounds)`);
  return {
    round(done, total) {
      // Only redraw in a terminal; piped output (CI logs, tee) gets the table alone.
      if (interactive) process.stdout.write(`\r  round ${done}/${total}${done === total ? '\r\x1b[K' : ''}`);
    },
  };
}

export function printCase(result: CaseResult): void {
  const { header, rows } = tableRows(result);
  printTable(header, rows);
  if (result.note) console.log(`  ${result.note}`);
  for (const t of result.targets) console.log(`  ${t.pass ? '✔' : '✘'} ${formatTarget(t, result.unit)}`);
  console.log(`  (${result.seconds.toFixed(1)} s, load ${result.load.toFixed(2)})`);
}
