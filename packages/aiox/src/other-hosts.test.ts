// Deno and Bun resolve `aiox` to its Node entry (they match `import` /
// `require`, not `browser`), so the whole Node surface must import there, and
// each export must either work or refuse clearly. This runs the built entry
// in each host, as a user's program would. Bun runs the thread pools; Deno
// runs runDecorator, and its pools refuse (a tinypool worker there can lose
// its first task under load).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string): string => fileURLToPath(new URL(`../../../node_modules/.bin/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'aiox-hosts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = join(dir, 'probe.mjs');
writeFileSync(
  script,
  `
import * as aiox from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
const report = { host: globalThis.Deno ? 'deno' : process.versions.bun ? 'bun' : 'node' };
const refusal = (error) => error.message.split(':')[0];
report.collect = await aiox.collect([1, 2, 3].map((n) => async () => n * 2), { workers: 2 });
const semaphore = new aiox.Semaphore(3);
const permit = await semaphore.acquireMany(2);
report.semaphore = [semaphore.value, (permit.release(), semaphore.value)];
const limited = aiox.rateLimited({ maxCalls: 10, period: 1000 })((n) => n + 1);
report.rateLimited = await Promise.all([1, 2].map(limited));
report.inThread = await aiox.inThread((a, b) => a + b, 2, 3).catch(refusal);
report.generateInThread = await (async () => {
  const values = [];
  for await (const n of aiox.generateInThread(function* (count) { for (let i = 0; i < count; i++) yield i; }, 3)) values.push(n);
  return values;
})().catch(refusal);
report.runDecorator = aiox.runDecorator(async (n) => n * 2)(21);
report.inProcess = await aiox.inProcess((n) => n, 1).then(String, refusal);
report.generateInProcess = await (async () => { for await (const n of aiox.generateInProcess(function* () { yield 1; })) return String(n); })().catch(refusal);
await aiox.THREAD_POOL.shutdown();
console.log(JSON.stringify(report));
`,
);

const universal = { collect: [2, 4, 6], semaphore: [1, 3], rateLimited: [2, 3], runDecorator: 42 };
const threads = { inThread: 5, generateInThread: [0, 1, 2] };
const processes = { inProcess: '1', generateInProcess: '1' };
const noProcesses = { inProcess: 'child_process pools need Node.js', generateInProcess: 'child_process pools need Node.js' };
const noThreads = { inThread: 'worker_threads pools need Node.js or Bun', generateInThread: 'worker_threads pools need Node.js or Bun' };

describe.each([
  { host: 'deno', command: [bin('deno'), 'run', '-A', '--node-modules-dir=manual', script], expected: { ...universal, ...noThreads, ...noProcesses } },
  { host: 'bun', command: [bin('bun'), script], expected: { ...universal, ...threads, ...noProcesses } },
  { host: 'node', command: [process.execPath, script], expected: { ...universal, ...threads, ...processes } },
] as const)('the Node entry in $host', ({ host, command, expected }) => {
  it('imports; the universal exports and runDecorator work; each pool works or refuses at once', () => {
    const [file, ...args] = command;
    const child = spawnSync(file, args, { cwd: packageDir, encoding: 'utf8', timeout: 90_000 });
    expect(child.status, child.stderr).toBe(0);
    const report: unknown = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? 'null');
    expect(report).toEqual({ host, ...expected });
  });
});
