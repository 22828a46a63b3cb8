/** Why a task that `clear()` took out rejects. */
export function clearedError(): DOMException {
  return new DOMException('The queue was cleared before this task started', 'AbortError');
}

/** Why a task past its `timeout` rejects, and its signal aborts. */
export function timeoutError(ms: number): DOMException {
  return new DOMException(`The task did not settle within its timeout of ${ms} ms`, 'TimeoutError');
}
