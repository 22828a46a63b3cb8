/** `results/results.md`: the tables that get pasted into the README and the closing notes. */
import type { CaseResult, RunReport } from '../types.js';
import { formatTarget, tableRows } from './format.js';

function escapeCell(cell: string): string {
  return cell.replace(/\|/g, '\\|');
}

/** `textColumns` leading columns are text (left-aligned); the rest are numbers. */
function table(header: readonly string[], rows: readonly (readonly string[])[], textColumns = 1): string {
  const lines = [
    `| ${header.map(escapeCell).join(' | ')} |`,
    `| ${header.map((_, i) => (i < textColumns ? ':---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

function caseSection(c: CaseResult): string {
  const { header, rows } = tableRows(c);
  const parts = [`#### ${c.title}`, '', table(header, rows), ''];
  if (c.note) parts.push(`<sub>${c.note} Median of ${c.rounds} rounds; load average ${c.load.toFixed(2)}.</sub>`, '');
  if (c.targets.length > 0) {
    parts.push(...c.targets.map((t) => `- ${t.pass ? '✅' : '❌'} ${formatTarget(t, c.unit)}`), '');
  }
  return parts.join('\n');
}

export function renderMarkdown(report: RunReport): string {
  const m = report.machine;
  const passed = report.targets.filter((t) => t.pass).length;
  const out: string[] = [
    '# aiox benchmarks',
    '',
    `Node ${m.node} · ${m.cpu} · ${m.cores} cores · ${m.platform} · ${m.date}` +
      (report.settings.quick ? ' · **quick run (small sizes, few rounds)**' : ''),
    '',
    `Load average (1 min) ${m.loadStart.toFixed(2)} at the start, ${m.loadEnd.toFixed(2)} at the end; ` +
      `${report.settings.rounds} rounds per case (contenders interleaved, order changed each round); ` +
      `${report.seconds.toFixed(0)} s in all. Ratios are medians of per-round ratios against the contender named ` +
      'in the column, measured in the same round; below 1× is better.',
    '',
    `Versions: ${Object.entries(m.packages)
      .map(([name, v]) => `${name} ${v}`)
      .join(', ')}.`,
    '',
    `## Targets: ${passed}/${report.targets.length} pass`,
    '',
    table(
      ['target', 'case', 'measured', 'limit', 'rounds held', 'result'],
      report.targets.map((t) => [
        t.label,
        t.case,
        t.actual === null ? '—' : t.kind === 'value' ? `${t.actual.toFixed(2)} ${t.unit}` : `${t.actual.toFixed(2)}×`,
        t.kind === 'value' ? `${t.max} ${t.unit}` : `${t.max}×`,
        `${t.roundsPassing}/${t.roundsMeasured}`,
        t.pass ? '✅ pass' : '❌ fail',
      ]),
      2,
    ),
    '',
  ];
  for (const s of report.scenarios) {
    out.push(`## ${s.title}`, '', s.description, '');
    if (s.skipped !== undefined) out.push(`_Not measured in this run: ${s.skipped}._`, '');
    for (const c of s.cases) out.push(caseSection(c));
  }
  return `${out.join('\n').trimEnd()}\n`;
}
