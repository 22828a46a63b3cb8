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
import { type LockedVersions, lockedVersions } from './testing/locked-versions';
import {
  exec,
  installLocked,
  installTarballs,
  type Manifest,
  publishedPackages,
  registryRoots,
  repoRoot,
  resolutions,
  type ScratchProject,
  typesFor,
} from './testing/tarball-project';
import { describeTscErrors, sortTscErrors, type TscErrors } from './testing/tsc-errors';

const fixtures = fileURLToPath(new URL('../tarball-fixtures/', import.meta.url));
const published = publishedPackages();
const names = published.map(({ manifest }) => manifest.name);

// What typed-uses.ts needs from each entry; the umbrella comes in as `aiox`.
const typedImports: Record<string, readonly string[]> = {
  '@aiox/collect': ['collect', 'resolve', 'schedule'],
  '@aiox/semaphore': ['Semaphore', 'BoundedSemaphore'],
  '@aiox/rate-limit': ['RateLimiter', 'rateLimited'],
  '@aiox/queue': ['Queue'],
  '@aiox/pool': ['inThread'],
  '@aiox/pool/wire': ['isSendable'],
  '@aiox/pool/ship': ['shippedTarget'],
  '@aiox/generate': ['generateInThread'],
  '@aiox/run': ['run', 'runDecorator'],
  '@aiox/redis': ['RedisSemaphore', 'RedisRateLimiter', 'RedisUnavailableError'],
};
// From the registry, at the versions the workspace lockfile pins: what the
// packages depend on (tinypool), the client @aiox/redis is used with (an
// optional peer, installed next to the tarballs as a user would: the version
// @aiox/redis is developed against), and the types ioredis 6.1 lacks, which
// the README tells a user with skipLibCheck off to add.
const lockedRoots = [
  ...registryRoots(published),
  { from: '@aiox/redis', dependency: 'ioredis' },
  { from: 'aiox', dependency: '@types/redis-errors' },
];
const tscPath = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const README_ADVICE = (name: string) =>
  name === 'ioredis'
    ? "ioredis 6.1's declarations import the untyped `redis-errors`: install @types/redis-errors, or set skipLibCheck (see @aiox/redis's README)"
    : 'a problem of that package, or of how the project installs it';
// The Redis calls run against a real server where there is one (CI always has it: .ci/run installs it).
const hasRedis = findRedisServer() !== undefined || process.env['CI'] !== undefined;
let redisServer: RedisServer | undefined;

let scratch: ScratchProject;
let project: string;
let locked: LockedVersions;
// tsc on a project that uses @aiox/redis with ioredis and skipLibCheck off, before @types/redis-errors is added
let withoutRedisErrorTypes: TscErrors;
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
  locked = await lockedVersions(repoRoot, lockedRoots);
  scratch = await installTarballs(published, locked, ['ioredis']);
  project = scratch.project;
  for (const file of ['exercise.cjs', 'use-import.mjs', 'use-require.cjs']) copyFileSync(join(fixtures, file), join(project, file));
  withoutRedisErrorTypes = await typecheckRedisUse();
  await installLocked(scratch, locked, [], ['@types/redis-errors']);
}, 420_000);

/** tsc, skipLibCheck off, on a file that hands an ioredis client to a RedisSemaphore: the errors, sorted by whose files they are in. */
async function typecheckRedisUse(): Promise<TscErrors> {
  writeFileSync(
    join(project, 'redis-use.mts'),
    [
      "import { Redis } from 'ioredis';",
      "import { RedisSemaphore } from '@aiox/redis';",
      "const semaphore = new RedisSemaphore({ redis: new Redis({ lazyConnect: true }), key: 'jobs', value: 2 });",
      'export const take = (): Promise<unknown> => semaphore.acquire();',
    ].join('\n'),
  );
  const tsconfig = join(project, 'tsconfig.redis-use.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [join(repoRoot, 'node_modules', '@types')] },
      files: ['redis-use.mts'],
    }),
  );
  try {
    await exec(process.execPath, [tscPath, '-p', tsconfig], project);
    return { ours: [], theirs: new Map() };
  } catch (error) {
    return sortTscErrors(String((error as { cause?: { stdout?: string } }).cause?.stdout ?? ''), project);
  }
}

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

  it('every package npm took from the registry is at the version the workspace lockfile pins', () => {
    const lock = JSON.parse(readFileSync(join(project, 'node_modules', '.package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; resolved?: string }>;
    };
    const fromRegistry = Object.entries(lock.packages).filter(([, entry]) => !(entry.resolved ?? '').startsWith('file:'));
    expect(fromRegistry.map(([path]) => path)).toEqual(expect.arrayContaining(['node_modules/tinypool', 'node_modules/ioredis']));
    for (const [path, entry] of fromRegistry) {
      const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      expect(locked.closure.has(name), `${path} is in the lockfile's closure of ${lockedRoots.map((root) => root.dependency).join(', ')}`).toBe(true);
      expect(entry.version, `${path}: installed vs locked`).toBe(locked.closure.get(name));
    }
  });

  it(`with ioredis as locked and skipLibCheck off, tsc's only errors are in ioredis's own files until @types/redis-errors is added, as the README says`, () => {
    // If a later ioredis fixes its declarations, this fails: drop the README's advice then.
    expect(withoutRedisErrorTypes.ours, "errors in aiox's types").toEqual([]);
    expect([...withoutRedisErrorTypes.theirs.keys()], 'packages whose own declarations fail').toEqual(['ioredis']);
    for (const line of withoutRedisErrorTypes.theirs.get('ioredis') ?? []) expect(line).toMatch(/error TS7016: .*'redis-errors'/);
    expect(describeTscErrors(withoutRedisErrorTypes, README_ADVICE)).toMatch(/in ioredis's own declaration files, not aiox's \(.*@types\/redis-errors/);
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
    let output: string;
    try {
      output = await exec(process.execPath, [tscPath, '-p', tsconfig, '--traceResolution'], project);
    } catch (error) {
      // the trace runs to megabytes: keep the errors only, said by whose files they are in
      output = String((error as { cause?: { stdout?: string } }).cause?.stdout ?? '');
      const errors = sortTscErrors(output, project);
      if (errors.ours.length > 0 || errors.theirs.size > 0) {
        throw new Error(`tsc (moduleResolution ${mode}) rejects the installed types:\n${describeTscErrors(errors, README_ADVICE)}`);
      }
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
