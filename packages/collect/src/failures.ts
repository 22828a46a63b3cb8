/**
 * The error of a settle-all run (`stopOnError: false`) in which tasks
 * failed: an `AggregateError`, as p-map gives, whose `errors` are the
 * failures in source order. `errors` may be sparse (indexed by source
 * position): its holes are skipped.
 */
export function failuresError(errors: readonly unknown[], total: number): AggregateError {
  const failures = errors.filter(() => true);
  return new AggregateError(failures, `${failures.length} of ${total} tasks failed (see .errors)`);
}
