import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const members = ['@aiox/collect', '@aiox/semaphore', '@aiox/rate-limit', '@aiox/queue', '@aiox/pool', '@aiox/generate', '@aiox/run'] as const;

describe('aiox umbrella', () => {
  it.each(members)('re-exports every export of %s', async (name) => {
    const umbrella: Record<string, unknown> = await import('aiox');
    const member: Record<string, unknown> = await import(name);
    expect(Object.keys(member).length).toBeGreaterThan(0);
    for (const key of Object.keys(member)) expect(umbrella[key], key).toBe(member[key]);
  });

  it('works from require() and import() in a plain Node process', () => {
    const script = `
      const cjs = require('aiox');
      import('aiox').then((esm) => {
        const names = ['collect', 'resolve', 'schedule', 'forceLoopCycle', 'Semaphore', 'BoundedSemaphore', 'RateLimiter', 'rateLimited', 'Queue',
          'inThread', 'inProcess', 'mapInThreads', 'mapInProcesses', 'ExecutorPool', 'moduleTask', 'taskModule',
          'generateInThread', 'generateInProcess', 'run', 'runDecorator', 'Interrupted',
          'DataCloneError', 'WorkerDiedError', 'WorkerStartError', 'PoolShutDownError', 'UnsupportedHostError', 'IdleExit'];
        for (const n of names) {
          if (typeof cjs[n] !== 'function') throw new Error('require: missing ' + n);
          if (typeof esm[n] !== 'function') throw new Error('import: missing ' + n);
        }
        cjs.inThread((a, b) => a + b, 2, 3).then(async (sum) => {
          if (sum !== 5) throw new Error('inThread through require() gave ' + sum);
          const streamed = [];
          for await (const n of cjs.generateInThread(function* () { yield 1; yield 2; })) streamed.push(n);
          if (streamed.join() !== '1,2') throw new Error('generateInThread through require() gave ' + streamed);
          const double = cjs.runDecorator(async (n) => n * 2);
          if (double(21) !== 42) throw new Error('runDecorator through require() gave ' + double(21));
          await cjs.THREAD_POOL.shutdown();
          process.stdout.write('ok');
        });
      });`;
    expect(execFileSync(process.execPath, ['-e', script], { cwd: packageDir, encoding: 'utf8' })).toBe('ok');
  });

  it('bundles one primitive for the browser without the other packages', async () => {
    const code = await bundleForBrowser("import { Semaphore } from 'aiox'; globalThis.s = new Semaphore(2);");
    expect(code).toMatch(/class Semaphore\b|\bSemaphore = class\b/);
    // Nothing of collect, rate-limit or queue may come along with the semaphore.
    expect(code).not.toMatch(/RateLimiter|rateLimited|forceLoopCycle|workerGreediness|onSizeLessThan/);
    expect(code).not.toMatch(/require\(|from\s*["']node:/);
  });

  it('bundles everything universal for the browser with no Node module in the bundle', async () => {
    const code = await bundleForBrowser("import * as aiox from 'aiox'; globalThis.aiox = aiox;");
    expect(code).toMatch(/RateLimiter/);
    expect(code).toMatch(/onSizeLessThan/);
    expect(code).not.toMatch(/inThread|generateInThread|runDecorator|tinypool|worker_threads|child_process/);
  });
});

describe('aiox umbrella for Node bundles', () => {
  it('bundles run without the pool: a program that never uses a pool does not carry tinypool', async () => {
    const result = await build({
      stdin: { contents: "import { run } from 'aiox'; run(async () => 1);", resolveDir: packageDir, loader: 'js' },
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).toMatch(/interrupted by/);
    expect(code).not.toMatch(/tinypool|ExecutorPool|runDecorator|guardian/i);
  });
});

/** What esbuild bundles from `contents` for the browser, as a bundler of a web app would. */
async function bundleForBrowser(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: packageDir, loader: 'js' },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    minify: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}
