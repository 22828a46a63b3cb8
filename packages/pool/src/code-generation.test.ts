// Under `node --disallow-code-generation-from-strings` (a hardening flag)
// no function can be shipped by its source text, which the worker compiles:
// the pool says so at once, and module tasks, which need no compiling, work.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const entry = JSON.stringify(new URL('../dist/index.js', import.meta.url).href);
const math = JSON.stringify(new URL('./testing/fixtures/math.mjs', import.meta.url).href);

const script = `
import { inProcess, inThread, mapInThreads, moduleTask, PROCESS_POOL, THREAD_POOL } from ${entry};
const outcome = (run) => {
  try {
    return run().then((value) => 'resolved ' + JSON.stringify(value), (error) => 'rejected ' + error.name + ': ' + error.message);
  } catch (error) {
    return 'threw ' + error.name + ': ' + error.message;
  }
};
const add = moduleTask(${math}, 'add');
const report = {
  shipped: await outcome(() => inThread((a, b) => a + b, 2, 3)),
  mapped: await outcome(() => mapInThreads((x) => x, [1])),
  thread: await outcome(() => inThread(add, 2, 3)),
  process: await outcome(() => inProcess(add, 2, 3)),
};
await Promise.all([THREAD_POOL.shutdown(), PROCESS_POOL.shutdown()]);
console.log(JSON.stringify(report));
`;

it('says code generation from strings is disabled, and runs module tasks', () => {
  const child = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script], {
    cwd: packageDir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  const report = JSON.parse(child.stdout.trim()) as Record<string, string>;
  for (const refused of [report['shipped'], report['mapped']]) {
    expect(refused).toMatch(/^rejected TypeError: fn cannot be shipped by its source text: code generation from strings is disabled in this process \(--disallow-code-generation-from-strings\)/);
    expect(refused).toMatch(/moduleTask/);
  }
  expect(report['thread']).toBe('resolved 5');
  expect(report['process']).toBe('resolved 5');
});
