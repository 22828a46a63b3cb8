import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

const built = pathToFileURL(fileURLToPath(new URL('../dist/index.js', import.meta.url))).href;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('a script that used both pools exits by itself, promptly, and leaves no child process behind', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aiox-pool-exit-'));
  try {
    const script = join(dir, 'script.mjs');
    writeFileSync(
      script,
      `import { inThread, inProcess } from ${JSON.stringify(built)};
const sums = await Promise.all([1, 2, 3].map((n) => inThread((k) => k * 2, n)));
const pids = await Promise.all([1, 2].map(() => inProcess(() => process.pid)));
console.log(JSON.stringify({ sums, pids }));
`,
    );
    const started = performance.now();
    const child = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
    const elapsed = performance.now() - started;
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    // Far below the 30 s idle timeout: idle workers hold nothing open.
    expect(elapsed).toBeLessThan(10_000);
    const { sums, pids } = JSON.parse(child.stdout) as { sums: number[]; pids: number[] };
    expect(sums).toEqual([2, 4, 6]);
    expect(pids.length).toBe(2);
    // Orphaned children notice the closed IPC channel and exit at once.
    const deadline = performance.now() + 5_000;
    while (pids.some(alive) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pids.filter(alive)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
