/** Number formatting shared by the console, markdown and SVG reports, so they always agree. */
import type { CaseResult, ContenderResult, TargetResult } from '../types.js';

export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  if (unit === 'MiB') return `${value.toFixed(value < 10 ? 2 : 1)} MiB`;
  // Counts (`commands/acquire`): the number and what it counts.
  if (!isTimeUnit(unit)) return `${value.toFixed(value < 10 ? 2 : 1)} ${unit.split('/')[0] ?? unit}`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} ms`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)} µs`;
  if (value >= 100) return `${Math.round(value)} ns`;
  return `${value.toFixed(1)} ns`;
}

export function formatRatio(ratio: number | null): string {
  if (ratio === null) return '—';
  if (ratio >= 10_000) return `${Math.round(ratio / 1000)}k×`;
  if (ratio >= 100) return `${Math.round(ratio)}×`;
  if (ratio >= 10) return `${ratio.toFixed(1)}×`;
  return `${ratio.toFixed(2)}×`;
}

export function formatSpread(spread: number | null): string {
  return spread === null ? '—' : `±${(spread * 100).toFixed(spread < 0.1 ? 1 : 0)}%`;
}

/** Operations per second for time units (ns per something), blank for others. */
export function formatRate(value: number | null, unit: string): string {
  if (value === null || !unit.startsWith('ns/') || value <= 0) return '';
  const perSecond = 1e9 / value;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k/s`;
  return `${perSecond.toFixed(0)} /s`;
}

export function isTimeUnit(unit: string): boolean {
  return unit.startsWith('ns/');
}

export function formatTarget(t: TargetResult, unit: string): string {
  const verdict = t.pass ? 'PASS' : 'FAIL';
  const actual = t.actual === null ? 'no data' : t.kind === 'value' ? formatValue(t.actual, unit) : formatRatio(t.actual);
  return `${verdict}  ${t.label}: ${actual} (held in ${t.roundsPassing}/${t.roundsMeasured} rounds)`;
}

/** The columns every table shows, as plain strings; the console pads them, markdown pipes them. */
export function tableRows(c: CaseResult): { header: string[]; rows: string[][] } {
  const time = isTimeUnit(c.unit);
  const header = ['contender', `median ${c.unit}`, 'spread'];
  if (time) header.push('rate');
  if (c.floor) header.push(`vs ${c.floor}`);
  if (c.peer) header.push(`vs ${c.peer}`);
  const rows = c.contenders.map((r: ContenderResult) => {
    const row = [r.name, formatValue(r.median, c.unit), formatSpread(r.spread)];
    if (time) row.push(formatRate(r.median, c.unit));
    if (c.floor) row.push(formatRatio(r.vsFloor));
    if (c.peer) row.push(formatRatio(r.vsPeer));
    if (r.error !== undefined) row[1] = `failed: ${r.error}`;
    return row;
  });
  return { header, rows };
}
