// The pool is for Node.js, but Deno and Bun users import it too (the umbrella
// gives them its Node entry). What works there must work, and what cannot
// must say so at once: a process pool once crashed Deno's host process and
// made every Bun call reject with an unrelated transferList error, and a
// thread pool in Deno could leave its first call pending for ever.
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
import { inProcess, inThread, THREAD_POOL, UnsupportedHostError } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
const host = globalThis.Deno ? 'deno' : process.versions.bun ? 'bun' : 'node';
const outcome = (call) => call.then((value) => 'resolved ' + value, (error) => 'rejected ' + error.name + ' ' + error.code + ' ' + (error instanceof UnsupportedHostError) + ': ' + error.message);
const thread = await outcome(inThread((a, b) => a + b, 2, 3));
const processOutcome = await outcome(inProcess((a, b) => a * b, 2, 3));
await THREAD_POOL.shutdown();
console.log(JSON.stringify({ host, thread, processOutcome }));
`,
);

describe('in Bun', () => {
  it('runs inThread, and a process pool refuses to start with an error naming the host', () => {
    const report = probe(bin('bun'), [script]);
    expect(report.host).toBe('bun');
    expect(report.thread).toBe('resolved 5');
    expect(report.processOutcome).toMatch(/^rejected UnsupportedHostError ERR_AIOX_UNSUPPORTED_HOST true: child_process pools need Node\.js: Bun [\d.]+'s child-process IPC .* Use a worker_threads pool/);
  });
});

describe('in Deno', () => {
  it('both pools refuse to start, each with an error naming the host, rather than risk a call that never settles', () => {
    const report = probe(bin('deno'), ['run', '-A', '--node-modules-dir=manual', script]);
    expect(report.host).toBe('deno');
    expect(report.thread).toMatch(/^rejected UnsupportedHostError ERR_AIOX_UNSUPPORTED_HOST true: worker_threads pools need Node\.js or Bun: in Deno [\d.]+, tinypool's workers can lose their first task/);
    expect(report.processOutcome).toMatch(/^rejected UnsupportedHostError ERR_AIOX_UNSUPPORTED_HOST true: child_process pools need Node\.js: Deno [\d.]+'s child-process IPC .* runDecorator/);
  });
});

function probe(file: string, args: readonly string[]): Record<string, unknown> {
  const child = spawnSync(file, args, { cwd: packageDir, encoding: 'utf8', timeout: 60_000 });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
}

it('in Node, the same script runs both pools', () => {
  const child = spawnSync(process.execPath, [script], { cwd: packageDir, encoding: 'utf8', timeout: 60_000 });
  expect(child.status, child.stderr).toBe(0);
  expect(JSON.parse(child.stdout.trim())).toEqual({ host: 'node', thread: 'resolved 5', processOutcome: 'resolved 6' });
});
