// The pool is for Node.js, but Deno and Bun users import it too (the umbrella
// gives them its Node entry). What works there must work, and what cannot
// must say so at once: a process pool once crashed Deno's host process and
// made every Bun call reject with an unrelated transferList error.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string): string => fileURLToPath(new URL(`../../../node_modules/.bin/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'aiox-pool-hosts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = join(dir, 'probe.mjs');
writeFileSync(
  script,
  `
import { inProcess, inThread, THREAD_POOL } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
const host = globalThis.Deno ? 'deno' : process.versions.bun ? 'bun' : 'node';
const thread = await inThread((a, b) => a + b, 2, 3);
let processOutcome;
try {
  processOutcome = 'resolved ' + (await inProcess((a, b) => a * b, 2, 3));
} catch (error) {
  processOutcome = 'rejected ' + error.constructor.name + ': ' + error.message;
}
await THREAD_POOL.shutdown();
console.log(JSON.stringify({ host, thread, processOutcome }));
`,
);

const hosts = [
  { name: 'deno', command: [bin('deno'), 'run', '-A', '--node-modules-dir=manual', script] },
  { name: 'bun', command: [bin('bun'), script] },
] as const;

describe.each(hosts)('in $name', ({ name, command }) => {
  it('runs inThread, and a process pool refuses to start with an error naming the host', () => {
    const [file, ...args] = command;
    const child = spawnSync(file, args, { cwd: packageDir, encoding: 'utf8', timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    const report = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
    expect(report.host).toBe(name);
    expect(report.thread).toBe(5);
    expect(report.processOutcome).toMatch(
      new RegExp(`^rejected Error: child_process pools need Node\\.js: ${name === 'deno' ? 'Deno' : 'Bun'} [\\d.]+'s child-process IPC`),
    );
  });
});

it('in Node, the same script runs both pools', () => {
  const child = spawnSync(process.execPath, [script], { cwd: packageDir, encoding: 'utf8', timeout: 60_000 });
  expect(child.status, child.stderr).toBe(0);
  expect(JSON.parse(child.stdout.trim())).toEqual({ host: 'node', thread: 5, processOutcome: 'resolved 6' });
});
