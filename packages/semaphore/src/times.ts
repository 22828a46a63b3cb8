import { assertInteger } from '@aiox/internal';

/** The number of permits a `times` argument asks for: 1 when omitted; throws on a bad one. */
export function readTimes(times: number | undefined): number {
  if (times === undefined) return 1;
  assertInteger('times', times, 1);
  return times;
}
