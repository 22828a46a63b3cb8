import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from '../runtime/adapter';

export const RUNTIMES: readonly Runtime[] = ['worker_threads', 'child_process'];

/** Pids of this process's live children (ps itself excluded). */
export function childPids(): number[] {
  const out = execFileSync('ps', ['--ppid', String(process.pid), '-o', 'pid=,comm='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, comm]) => pid && comm !== 'ps')
    .map(([pid]) => Number(pid));
}

/**
 * A rendezvous through files, which works the same in a thread and in a child
 * process: the worker writes `started`, then waits for `go`.
 */
export class FileLatch {
  readonly dir = mkdtempSync(join(tmpdir(), 'aiox-pool-'));

  async started(): Promise<void> {
    const file = join(this.dir, 'started');
    while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  open(): void {
    writeFileSync(join(this.dir, 'go'), '');
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Worker side of {@link FileLatch}; self-contained so it can be shipped. */
export function awaitLatch(dir: string): number {
  const fs = process.getBuiltinModule('node:fs');
  fs.writeFileSync(`${dir}/started`, '');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (!fs.existsSync(`${dir}/go`)) Atomics.wait(pause, 0, 0, 5);
  return 1;
}
