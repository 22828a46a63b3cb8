// Deno and Bun resolve `aiox` to its Node entry (they match `import` /
// `require`, not `browser`), so the whole Node surface must import there, and
// each export must either work or refuse clearly. This runs the built entry
// in each host, as a user's program would.
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
report.inThread = await aiox.inThread((a, b) => a + b, 2, 3);
report.generateInThread = [];
for await (const n of aiox.generateInThread(function* (count) { for (let i = 0; i < count; i++) yield i; }, 3)) report.generateInThread.push(n);
report.runDecorator = aiox.runDecorator(async (n) => n * 2)(21);
report.inProcess = await aiox.inProcess((n) => n, 1).then(String, refusal);
report.generateInProcess = await (async () => { for await (const n of aiox.generateInProcess(function* () { yield 1; })) return String(n); })().catch(refusal);
await aiox.THREAD_POOL.shutdown();
console.log(JSON.stringify(report));
`,
);

const works = { collect: [2, 4, 6], semaphore: [1, 3], rateLimited: [2, 3], inThread: 5, generateInThread: [0, 1, 2], runDecorator: 42 };
const refused = 'child_process pools need Node.js';

describe.each([
  { host: 'deno', command: [bin('deno'), 'run', '-A', '--node-modules-dir=manual', script] },
  { host: 'bun', command: [bin('bun'), script] },
  { host: 'node', command: [process.execPath, script] },
] as const)('the Node entry in $host', ({ host, command }) => {
  it('imports; the universal exports, thread pools and runDecorator work; process pools refuse', () => {
    const [file, ...args] = command;
    const child = spawnSync(file, args, { cwd: packageDir, encoding: 'utf8', timeout: 90_000 });
    expect(child.status, child.stderr).toBe(0);
    const report: unknown = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? 'null');
    const processes = host === 'node' ? { inProcess: '1', generateInProcess: '1' } : { inProcess: refused, generateInProcess: refused };
    expect(report).toEqual({ host, ...works, ...processes });
  });
});
