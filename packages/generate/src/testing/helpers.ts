import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const RUNTIMES = ['worker_threads', 'child_process'] as const;

/** A scratch directory a worker and the test both see (threads and processes alike). */
export class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'aiox-generate-'));

  has(name: string): boolean {
    return existsSync(join(this.dir, name));
  }

  read(name: string): string | undefined {
    return this.has(name) ? readFileSync(join(this.dir, name), 'utf8') : undefined;
  }

  async until(name: string, timeoutMs = 10_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!this.has(name)) {
      if (performance.now() > deadline) throw new Error(`${name} never appeared in ${this.dir}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
