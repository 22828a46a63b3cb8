/**
 * Waits until `condition` holds, checking every few ms, and fails naming
 * `what` if it does not within `timeoutMs`: tests wait for what they assert
 * rather than sleep a fixed time and hope it happened (which fails on a
 * loaded machine, or passes before the thing it checks could go wrong).
 */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`waitFor: ${what}: still not true after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
