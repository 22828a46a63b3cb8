/** One row of the closing table: what ran, what was measured, whether the promise held. */
export interface Row {
  scenario: string;
  measured: string;
  check: string;
  ok: boolean;
  /** The check did not run (what it needs is missing): shown as `skipped`, counted as no failure. */
  skipped?: boolean;
}

export function printTable(rows: readonly Row[]): void {
  const headers = ['scenario', 'measured', 'check', ''];
  const cells = rows.map((row) => [row.scenario, row.measured, row.check, row.skipped === true ? 'skipped' : row.ok ? 'ok' : 'FAILED']);
  const widths = headers.map((header, column) => Math.max(header.length, ...cells.map((line) => line[column]?.length ?? 0)));
  const line = (values: readonly string[]) => `| ${values.map((value, i) => value.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const values of cells) console.log(line(values));
}
