/**
 * Horizontal scales for the chart's panels. Time ratios span three orders of
 * magnitude in one panel (aiox at 1× the floor, p-queue at 100×), so they
 * get a log scale, on which "2× slower" is the same length wherever it sits;
 * heap sizes get a linear one.
 */

export interface Axis {
  /** The largest value drawn to scale; a larger one is cut and drawn broken. */
  readonly max: number;
  /** Where `value` sits, from 0 (left edge) to 1 (right edge), clamped. */
  position(value: number): number;
  readonly ticks: readonly number[];
}

/**
 * One outlier (Bottleneck at a hundred thousand times the floor, p-limit's
 * hundreds of MiB) would squash every other bar: past `factor` times the
 * runner-up, the axis ends a little beyond the runner-up instead.
 */
function drawnMaximum(values: readonly number[], factor: number, headroom: number): number {
  const sorted = values.filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => b - a);
  const top = sorted[0] ?? 1;
  const second = sorted[1];
  return second !== undefined && top > factor * second ? second * headroom : top;
}

/** 1, 2, 2.5, 5 times a power of ten: a round end for a linear axis. */
function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= x * (1 - 1e-9)) return m * p;
  return 10 * p;
}

export function linearAxis(values: readonly number[]): Axis {
  const max = niceCeil(Math.max(drawnMaximum(values, 3, 1.6), 1e-9));
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * p >= raw * (1 - 1e-9)) ?? 10) * p;
  const ticks: number[] = [];
  for (let t = 0; t <= max * (1 + 1e-9); t += step) ticks.push(Number(t.toPrecision(6)));
  return { max, ticks, position: (v) => Math.min(Math.max(v / max, 0), 1) };
}

export function logAxis(values: readonly number[]): Axis {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  const least = Math.min(1, ...positive);
  // Start below the smallest bar so that even it has some length.
  const min = [0.5, 0.25, 0.1, 0.05, 0.025, 0.01].find((m) => m <= least / 1.4) ?? 0.005;
  // A log scale takes p-queue's 500× in its stride; only Bottleneck's 100,000× is cut.
  const top = Math.max(drawnMaximum(values, 50, 3), 2);
  const max = 10 ** (Math.ceil(Math.log10(top) * 2) / 2); // a power of ten or √10 times one
  const span = Math.log10(max) - Math.log10(min);
  const candidates: number[] = [];
  for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++) {
    for (const m of span > 2.5 ? [1] : span > 1.5 ? [1, 3] : [1, 2, 5]) candidates.push(Number((m * 10 ** k).toPrecision(6)));
  }
  const ticks = candidates.filter((t) => t >= min * (1 - 1e-9) && t <= max * (1 + 1e-9));
  return {
    max,
    ticks,
    position: (v) => Math.min(Math.max((Math.log10(Math.max(v, min)) - Math.log10(min)) / span, 0), 1),
  };
}
