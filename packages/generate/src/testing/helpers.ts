import { PROCESS_POOL, THREAD_POOL } from '@aiox/pool';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

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

  write(name: string, content = ''): void {
    writeFileSync(join(this.dir, name), content);
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

/** A test file's way to make scratch directories: each is removed after the test that made it. */
export function scratchesPerTest(): () => Scratch {
  const made: Scratch[] = [];
  afterEach(() => {
    for (const scratch of made.splice(0)) scratch.dispose();
  });
  return () => {
    const scratch = new Scratch();
    made.push(scratch);
    return scratch;
  };
}

/** Shuts the shared pools down once the test file is done, so its workers do not outlive it. */
export function shutDownPoolsAfterAll(): void {
  afterAll(async () => {
    await Promise.all([THREAD_POOL.shutdown(), PROCESS_POOL.shutdown()]);
  });
}
