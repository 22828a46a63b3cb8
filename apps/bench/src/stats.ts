/** Small order statistics. Medians, because one noisy round must not move the result. */

/** Linear-interpolated quantile of already sorted values, q in [0, 1]. */
function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

function present(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((x, y) => x - y);
}

export function median(values: readonly (number | null)[]): number | null {
  const sorted = present(values);
  return sorted.length === 0 ? null : quantileSorted(sorted, 0.5);
}

export function minimum(values: readonly (number | null)[]): number | null {
  const sorted = present(values);
  return sorted[0] ?? null;
}

export function maximum(values: readonly (number | null)[]): number | null {
  const sorted = present(values);
  return sorted[sorted.length - 1] ?? null;
}

/** Half the interquartile range relative to the median: "±x %" of a typical round. */
export function relativeSpread(values: readonly (number | null)[]): number | null {
  const sorted = present(values);
  if (sorted.length < 2) return null;
  const mid = quantileSorted(sorted, 0.5);
  if (mid === 0) return null;
  return (quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25)) / 2 / Math.abs(mid);
}

/**
 * Round-by-round ratios of two sample series. Both were taken in the same
 * round, seconds apart, so a burst of load from the other tenants of this
 * machine hits both and largely cancels out; a ratio of medians would not.
 */
export function pairedRatios(a: readonly (number | null)[], b: readonly (number | null)[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x == null || y == null || !(y > 0)) continue;
    out.push(x / y);
  }
  return out;
}
