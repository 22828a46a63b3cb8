// Every published package, and the umbrella, as a user gets them: packed the
// way a release packs them, installed from the tarballs into a project
// outside the workspace, then loaded through import and require, typechecked
// under node16 and bundler resolution, and bundled for the browser.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { findRedisServer, type RedisServer, startRedisServer } from '@aiox/internal/redis-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec, installTarballs, publishedPackages, repoRoot, resolutions, type ScratchProject, typesFor, type Manifest } from './testing/tarball-project';

const fixtures = fileURLToPath(new URL('../tarball-fixtures/', import.meta.url));
const published = publishedPackages();
const names = published.map(({ manifest }) => manifest.name);

// What typed-uses.ts needs from each entry; the umbrella comes in as `aiox`.
const typedImports: Record<string, readonly string[]> = {
  '@aiox/collect': ['collect', 'resolve', 'schedule'],
  '@aiox/semaphore': ['Semaphore', 'BoundedSemaphore'],
  '@aiox/rate-limit': ['RateLimiter', 'rateLimited'],
  '@aiox/pool': ['inThread'],
  '@aiox/pool/wire': ['isSendable'],
  '@aiox/pool/ship': ['shippedTarget'],
  '@aiox/generate': ['generateInThread'],
  '@aiox/run': ['run', 'runDecorator'],
  '@aiox/redis': ['RedisSemaphore', 'RedisRateLimiter', 'RedisUnavailableError'],
};
// The client @aiox/redis is used with: an optional peer, installed next to the tarballs as a user would.
const redisClient = JSON.parse(readFileSync(join(repoRoot, 'packages/redis/package.json'), 'utf8')) as Manifest & { devDependencies: Record<string, string> };
const ioredis = `ioredis@${redisClient.devDependencies['ioredis'] ?? 'latest'}`;
// The Redis calls run against a real server where there is one (CI always has it: .ci/run installs it).
const hasRedis = findRedisServer() !== undefined || process.env['CI'] !== undefined;
let redisServer: RedisServer | undefined;

let scratch: ScratchProject;
let project: string;
const installed = (name: string): Manifest =>
  JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')) as Manifest;

interface Exercised {
  node: string;
  exports: Record<string, string[]>;
  notReexported: string[];
  results: Record<string, unknown>;
}

async function exercise(script: 'use-import.mjs' | 'use-require.cjs'): Promise<Exercised> {
  const env = { ...process.env, AIOX_REDIS_URL: redisServer?.url ?? '' };
  return JSON.parse(await exec(process.execPath, [script, ...names], project, env)) as Exercised;
}

beforeAll(async () => {
  expect(names, 'the published packages').toEqual(expect.arrayContaining(['aiox', '@aiox/collect', '@aiox/pool', '@aiox/run']));
  if (hasRedis) redisServer = await startRedisServer();
  scratch = await installTarballs(published, [ioredis]);
  project = join(scratch.dir, 'project');
  for (const file of ['exercise.cjs', 'use-import.mjs', 'use-require.cjs']) copyFileSync(join(fixtures, file), join(project, file));
}, 360_000);

afterAll(async () => {
  await redisServer?.stop();
  if (scratch !== undefined) rmSync(scratch.dir, { recursive: true, force: true });
});

describe('the packed tarballs', () => {
  it.each(names)('%s: its package.json names real versions of the aiox packages, no workspace: range', (name) => {
    const manifest = installed(name);
    const own = published.map((entry) => entry.manifest);
    expect(JSON.stringify(manifest), name).not.toMatch(/workspace:/);
    expect(manifest.dependencies ?? {}, name).not.toHaveProperty('@aiox/internal');
    for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
      const sibling = own.find((entry) => entry.name === dependency);
      if (sibling !== undefined) expect(range, `${name} -> ${dependency}`).toBe(`^${sibling.version}`);
    }
  });

  it('npm took every aiox package from its tarball, each installed once (none from the registry)', () => {
    const lock = JSON.parse(readFileSync(join(project, 'node_modules', '.package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string }>;
    };
    const aioxPaths = Object.keys(lock.packages).filter((path) => /node_modules\/(aiox|@aiox\/[^/]+)$/.test(path));
    expect(aioxPaths.sort()).toEqual(names.map((name) => `node_modules/${name}`).sort());
    for (const path of aioxPaths) expect(lock.packages[path]?.resolved, path).toMatch(/^file:.*\.tgz$/);
  });

  it.each(names)('%s: attw finds no problem in the tarball', async (name) => {
    const tarball = scratch.tarballs.get(name);
    expect(tarball, name).toBeDefined();
    // exits non-zero, with the table of problems, when there is one
    await exec(join(repoRoot, 'node_modules', '.bin', 'attw'), [tarball ?? '', '--format', 'table-flipped'], project);
  });
});

describe('the installed packages at run time', () => {
  it('every entry loads and works through import and through require, with the same exports', async () => {
    const [esm, cjs] = [await exercise('use-import.mjs'), await exercise('use-require.cjs')];
    const entries = Object.keys(esm.exports);
    expect(entries).toEqual(expect.arrayContaining([...names, '@aiox/pool/wire', '@aiox/pool/ship']));
    for (const [way, run] of [['import', esm], ['require', cjs]] as const) {
      expect(run.node, `${way}: the Node that ran it`).toBe(process.version);
      for (const entry of entries) expect(run.exports[entry]?.length, `${way}: ${entry} exports something`).toBeGreaterThan(0);
      expect(run.notReexported, `${way}: exports of the packages that aiox does not re-export as the same value`).toEqual([]);
      expect(run.results, `${way}: what the calls returned`).toEqual({
        collect: [2, 4, 6],
        semaphore: { lockedWhenFull: true, valueAfterRelease: 2 },
        rateLimiter: [2, 3, 4],
        inThread: 42,
        wireIsSendable: [true, false],
        generateInThread: [0, 1, 4, 9],
        runDecorator: 'SYNC',
        umbrellaCollect: ['via aiox'],
        redis: hasRedis ? { permits: 2, whileHeld: 'none free', started: [true, true, false] } : 'no redis-server',
      });
    }
    for (const entry of entries) expect(cjs.exports[entry], `${entry}: require gives what import gives`).toEqual(esm.exports[entry]);
  });

  it("a browser bundle of `import { collect } from 'aiox'` holds collect and nothing from Node", async () => {
    const result = await build({
      stdin: { contents: "import { collect } from 'aiox';\nglobalThis.collect = collect;\n", resolveDir: project, loader: 'js' },
      absWorkingDir: project,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs).filter((input) => input !== '<stdin>');
    expect(inputs).toEqual(expect.arrayContaining(['node_modules/aiox/dist/universal.js', 'node_modules/@aiox/collect/dist/index.js']));
    for (const input of inputs) expect(input, 'every bundled file comes from the installed tarballs').toMatch(/^node_modules\/(aiox|@aiox\/)/);
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).toMatch(/function collect\b/);
    // (collect reaches node:events through process.getBuiltinModule when there is one: no import)
    expect(code).not.toMatch(/\bfrom\s*["']node:|\bimport\s*\(\s*["']node:|\brequire\(|tinypool|worker_threads|child_process/);
  });
});

describe.each([
  ['node16', { module: 'node16', moduleResolution: 'node16' }],
  ['bundler', { module: 'preserve', moduleResolution: 'bundler' }],
])('the installed types under moduleResolution %s', (mode, resolution) => {
  const files = { import: `types-import-${mode}.mts`, require: `types-require-${mode}.cts` } as const;
  let trace: Map<string, string>;

  beforeAll(async () => {
    const body = readFileSync(join(fixtures, 'typed-uses.ts'), 'utf8');
    const esm = Object.entries(typedImports).map(([entry, imported]) => `import { ${imported.join(', ')} } from '${entry}';`);
    const cjs = Object.entries(typedImports).map(([entry, imported], index) => {
      return `import entry${index} = require('${entry}');\nconst { ${imported.join(', ')} } = entry${index};`;
    });
    esm.push("import { Redis } from 'ioredis';");
    cjs.push("import ioredis = require('ioredis');\nconst { Redis } = ioredis;");
    writeFileSync(join(project, files.import), [...esm, "import * as aiox from 'aiox';", body].join('\n'));
    writeFileSync(join(project, files.require), [...cjs, "import aiox = require('aiox');", body].join('\n'));
    const tsconfig = join(project, `tsconfig.${mode}.json`);
    writeFileSync(
      tsconfig,
      JSON.stringify({
        compilerOptions: {
          ...resolution,
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(repoRoot, 'node_modules', '@types')],
        },
        files: Object.values(files),
      }),
    );
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    let output: string;
    try {
      output = await exec(process.execPath, [tsc, '-p', tsconfig, '--traceResolution'], project);
    } catch (error) {
      // the trace runs to megabytes: keep the errors only
      const errors = String(error instanceof Error ? error.message : error)
        .split('\n')
        .filter((line) => /error TS\d+/.test(line));
      if (errors.length > 0) throw new Error(`tsc (moduleResolution ${mode}) rejects the installed types:\n${errors.join('\n')}`);
      output = String((error as { cause?: { stdout?: string } }).cause?.stdout ?? '');
    }
    trace = resolutions(output);
  }, 120_000);

  it.each(Object.keys(typedImports).concat('aiox'))(`%s resolves to its own .d.ts from import and .d.cts from require`, (entry) => {
    const name = entry.startsWith('@') ? entry.split('/').slice(0, 2).join('/') : entry.split('/')[0] ?? entry;
    const subpath = entry === name ? '.' : `.${entry.slice(name.length)}`;
    const manifest = installed(name);
    for (const kind of ['import', 'require'] as const) {
      const types = typesFor(manifest, subpath, kind);
      expect(types, `${entry}: exports["${subpath}"].${kind}.types`).toMatch(kind === 'import' ? /\.d\.ts$/ : /\.d\.cts$/);
      expect(trace.get(`${join(project, files[kind])} ${entry}`), `${entry} from the ${kind} file`).toBe(
        join(project, 'node_modules', name, types ?? ''),
      );
    }
  });
});
