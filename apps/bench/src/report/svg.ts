/**
 * `results/chart.svg`: one panel per case, horizontal bars, lower is better.
 * Time is shown relative to the floor (or to the fastest peer where a case
 * has no floor), memory in MiB. Hand-written so the app needs no charting
 * dependency; a white background so it stays legible in dark-mode READMEs.
 */
import type { CaseResult, ContenderResult, RunReport } from '../types.js';
import { linearAxis, logAxis } from './axis.js';
import { formatRatio, formatValue, isTimeUnit } from './format.js';

const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
const COLOR = {
  aiox: '#2563eb',
  peer: '#a3a9b3',
  floor: '#e5e7eb',
  floorStroke: '#6b7280',
  text: '#111827',
  muted: '#6b7280',
  grid: '#e5e7eb',
  pass: '#15803d',
  fail: '#b91c1c',
} as const;

const WIDTH = 1000;
const MARGIN = 24;
const GUTTER = 32;
const COLUMNS = 2;
const PANEL_W = (WIDTH - 2 * MARGIN - (COLUMNS - 1) * GUTTER) / COLUMNS;
const LABEL_W = 168;
const VALUE_W = 108;
const BAR_H = 16;
const ROW_H = 24;
const PANEL_HEAD = 44;
const PANEL_FOOT = 30;
const HEADER_H = 92;

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${esc(content)}</text>`;
}

/** What a bar shows: its length and the label at its end. */
interface Bar {
  readonly result: ContenderResult;
  readonly value: number | null;
  readonly label: string;
  readonly detail: string;
}

/** The reference a time panel is drawn against: the floor if the case has one, else the fastest peer. */
function reference(c: CaseResult): string | null {
  return c.floor ?? c.bestPeer;
}

function bars(c: CaseResult): Bar[] {
  const time = isTimeUnit(c.unit);
  const ref = reference(c);
  return c.contenders.map((r) => {
    if (!time) return { result: r, value: r.median, label: formatValue(r.median, c.unit), detail: '' };
    const ratio = ref === c.floor ? r.vsFloor : r.vsBestPeer;
    return { result: r, value: ratio, label: formatRatio(ratio), detail: formatValue(r.median, c.unit) };
  });
}

function subtitle(c: CaseResult): string {
  if (c.unit === 'MiB') return `heap retained, ${c.unit} · lower is better`;
  if (!isTimeUnit(c.unit)) return `${c.unit} · lower is better`;
  const ref = reference(c);
  const against = ref === c.floor ? `the ${ref}` : `the fastest peer (${ref ?? '—'})`;
  return `time per ${c.unit.slice(3)} relative to ${against}, log scale · lower is better`;
}

function panel(c: CaseResult, x: number, y: number): { svg: string; height: number } {
  const list = bars(c);
  const plotX = x + LABEL_W;
  const plotW = PANEL_W - LABEL_W - VALUE_W;
  const values = list.map((b) => b.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const time = isTimeUnit(c.unit);
  const axis = time ? logAxis(values) : linearAxis(values);
  const scale = (v: number): number => axis.position(v) * plotW;
  const height = PANEL_HEAD + list.length * ROW_H + PANEL_FOOT;
  const out: string[] = [];

  out.push(text(x, y + 16, c.title, `font-size="14" font-weight="600" fill="${COLOR.text}"`));
  out.push(text(x, y + 33, subtitle(c), `font-size="11" fill="${COLOR.muted}"`));
  if (c.targets.length > 0) {
    const passed = c.targets.filter((t) => t.pass).length;
    const ok = passed === c.targets.length;
    out.push(
      text(x + PANEL_W, y + 16, `targets ${passed}/${c.targets.length} ${ok ? '✓' : '✗'}`, `font-size="12" font-weight="600" text-anchor="end" fill="${ok ? COLOR.pass : COLOR.fail}"`),
    );
  }

  const top = y + PANEL_HEAD;
  const bottom = top + list.length * ROW_H;
  for (const t of axis.ticks) {
    const gx = plotX + scale(t);
    out.push(`<line x1="${gx.toFixed(1)}" y1="${top - 4}" x2="${gx.toFixed(1)}" y2="${bottom}" stroke="${COLOR.grid}" stroke-width="1"/>`);
    out.push(text(gx, bottom + 14, time ? `${t}×` : `${t}`, `font-size="10" text-anchor="middle" fill="${COLOR.muted}"`));
  }
  if (time) {
    const gx = plotX + scale(1);
    out.push(`<line x1="${gx.toFixed(1)}" y1="${top - 4}" x2="${gx.toFixed(1)}" y2="${bottom}" stroke="${COLOR.floorStroke}" stroke-width="1" stroke-dasharray="3 3"/>`);
  }

  list.forEach((b, i) => {
    const rowY = top + i * ROW_H;
    const barY = rowY + (ROW_H - BAR_H) / 2;
    const kind = b.result.kind;
    const weight = kind === 'aiox' ? ' font-weight="600"' : '';
    out.push(text(plotX - 8, barY + BAR_H - 4, b.result.name, `font-size="12" text-anchor="end" fill="${COLOR.text}"${weight}`));
    if (b.value === null || b.result.error !== undefined) {
      out.push(text(plotX + 4, barY + BAR_H - 4, b.result.error !== undefined ? 'failed' : 'no data', `font-size="11" fill="${COLOR.fail}"`));
      return;
    }
    const w = Math.max(1.5, scale(b.value));
    const fill = kind === 'aiox' ? COLOR.aiox : kind === 'floor' ? COLOR.floor : COLOR.peer;
    const stroke = kind === 'floor' ? ` stroke="${COLOR.floorStroke}" stroke-width="1"` : '';
    out.push(`<rect x="${plotX}" y="${barY.toFixed(1)}" width="${w.toFixed(1)}" height="${BAR_H}" rx="2" fill="${fill}"${stroke}/>`);
    const broken = b.value > axis.max;
    if (broken) {
      // Two white slashes near the end: the bar is longer than drawn.
      const bx = plotX + w - 14;
      out.push(
        `<path d="M${bx} ${barY + BAR_H + 1} l5 ${-(BAR_H + 2)} M${bx + 5} ${barY + BAR_H + 1} l5 ${-(BAR_H + 2)}" stroke="#fff" stroke-width="2.5"/>`,
      );
    }
    const labelX = plotX + w + 6;
    out.push(
      `<text x="${labelX.toFixed(1)}" y="${(barY + BAR_H - 4).toFixed(1)}" font-size="12" fill="${COLOR.text}"${weight}>${esc(b.label)}` +
        (b.detail ? `<tspan dx="6" font-size="10" font-weight="400" fill="${COLOR.muted}">${esc(b.detail)}</tspan>` : '') +
        '</text>',
    );
  });
  return { svg: out.join('\n'), height };
}

function legend(x: number, y: number): string {
  const items: [string, string, string][] = [
    ['aiox', COLOR.aiox, ''],
    ['peer library', COLOR.peer, ''],
    ['floor (hand-written lower bound)', COLOR.floor, ` stroke="${COLOR.floorStroke}"`],
  ];
  let cx = x;
  return items
    .map(([label, fill, stroke]) => {
      const s = `<rect x="${cx}" y="${y - 10}" width="12" height="12" rx="2" fill="${fill}"${stroke}/>` + text(cx + 17, y, label, `font-size="12" fill="${COLOR.text}"`);
      cx += 17 + label.length * 6.6 + 22;
      return s;
    })
    .join('\n');
}

/** The reviewers' checklist, in the grid's last slot: every target, its measurement and its verdict. */
function targetsPanel(report: RunReport, x: number, y: number): { svg: string; height: number } {
  const rowH = 19;
  const out: string[] = [text(x, y + 16, 'Targets', `font-size="14" font-weight="600" fill="${COLOR.text}"`)];
  out.push(text(x, y + 33, 'median of the paired per-round ratios (or MiB, or count); rounds in which it held', `font-size="11" fill="${COLOR.muted}"`));
  report.targets.forEach((t, i) => {
    const rowY = y + PANEL_HEAD + i * rowH + 12;
    const measured = t.actual === null ? 'no data' : t.kind === 'value' ? formatValue(t.actual, t.unit) : formatRatio(t.actual);
    out.push(text(x, rowY, t.pass ? '✓' : '✗', `font-size="12" font-weight="700" fill="${t.pass ? COLOR.pass : COLOR.fail}"`));
    out.push(text(x + 16, rowY, t.label, `font-size="11" fill="${COLOR.text}"`));
    out.push(
      text(x + PANEL_W, rowY, `${t.case.replace(/^[^/]+\//, '')} · ${measured} · ${t.roundsPassing}/${t.roundsMeasured}`, `font-size="11" text-anchor="end" fill="${COLOR.muted}"`),
    );
  });
  return { svg: out.join('\n'), height: PANEL_HEAD + report.targets.length * rowH + 8 };
}

type Slot = (x: number, y: number) => { svg: string; height: number };

export function renderSvg(report: RunReport): string {
  const slots: Slot[] = report.scenarios.flatMap((s) => s.cases.map((c): Slot => (x, y) => panel(c, x, y)));
  if (report.targets.length > 0) slots.push((x, y) => targetsPanel(report, x, y));
  const m = report.machine;
  const body: string[] = [];
  let rowTop = MARGIN + HEADER_H;
  // Fill row by row so related cases (sync 16 next to sync 1024) sit side by side.
  for (let i = 0; i < slots.length; i += COLUMNS) {
    let rowHeight = 0;
    for (let col = 0; col < COLUMNS; col++) {
      const slot = slots[i + col];
      if (slot === undefined) continue;
      const { svg, height } = slot(MARGIN + col * (PANEL_W + GUTTER), rowTop);
      body.push(svg);
      rowHeight = Math.max(rowHeight, height);
    }
    rowTop += rowHeight + 16;
  }
  const height = rowTop + MARGIN - 16;
  const passed = report.targets.filter((t) => t.pass).length;
  const head = [
    text(MARGIN, MARGIN + 20, 'aiox benchmarks', `font-size="20" font-weight="700" fill="${COLOR.text}"`),
    text(
      MARGIN,
      MARGIN + 40,
      `Bars: median time relative to the floor or the fastest peer (1×, dashed), on a log scale; heap in MiB. Lower is better · targets ${passed}/${report.targets.length} pass`,
      `font-size="12" fill="${COLOR.muted}"`,
    ),
    text(
      MARGIN,
      MARGIN + 56,
      `Node ${m.node} · ${m.cpu} · ${m.cores} cores · ${m.date.slice(0, 10)} · median of ${report.settings.rounds} interleaved rounds${report.settings.quick ? ' · QUICK RUN' : ''}`,
      `font-size="12" fill="${COLOR.muted}"`,
    ),
    legend(MARGIN, MARGIN + 78),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${esc(FONT)}" role="img" aria-label="aiox benchmark results">`,
    `<rect width="${WIDTH}" height="${height}" rx="8" fill="#ffffff"/>`,
    ...head,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
