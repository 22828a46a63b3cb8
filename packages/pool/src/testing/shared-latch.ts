// Atomics.waitAsync is in Node >= 16 but in TypeScript's ES2024 lib only.
type WaitAsync = (
  cells: Int32Array,
  index: number,
  value: number,
  timeout: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/**
 * A rendezvous through shared memory, for the thread runtime (a
 * SharedArrayBuffer cannot reach a child process: use FileLatch there). The
 * worker sets cell 0 when it starts, then waits for cell 1.
 */
export class SharedLatch {
  readonly cells = new Int32Array(new SharedArrayBuffer(8));

  async started(): Promise<void> {
    while (Atomics.load(this.cells, 0) === 0) {
      const waiting = waitAsync(this.cells, 0, 0, 1000);
      if (waiting.async) await waiting.value;
    }
  }

  open(): void {
    Atomics.store(this.cells, 1, 1);
    Atomics.notify(this.cells, 1);
  }
}

/** Worker side of {@link SharedLatch}; self-contained so it can be shipped. */
export function awaitSharedLatch(cells: Int32Array): number {
  Atomics.store(cells, 0, 1);
  Atomics.notify(cells, 0);
  // Timed waits: a terminated worker stops between two of them at the latest.
  while (Atomics.load(cells, 1) === 0) Atomics.wait(cells, 1, 0, 50);
  return 1;
}
