// For the tarball test: packs the published packages as a release would
// (`pnpm pack` replaces the `workspace:` ranges), and installs the tarballs
// into a scratch project outside the workspace, where nothing resolves to the
// workspace's sources or links.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LockedRoot, LockedVersions } from './locked-versions';

const run = promisify(execFile);

export const repoRoot = realpathSync(new URL('../../../..', import.meta.url));
const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);

export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly exports: Record<string, unknown>;
  readonly dependencies?: Record<string, string>;
}

export interface Published {
  readonly dir: string;
  readonly manifest: Manifest;
}

const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** Every package under packages/ that is not private: what a release publishes. */
export function publishedPackages(): Published[] {
  const root = join(repoRoot, 'packages');
  return readdirSync(root)
    .map((name) => join(root, name))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: readManifest(dir) }))
    .filter(({ manifest }) => manifest.private !== true);
}

/** A child process's output, failing with both streams and what was asked. */
export async function exec(
  file: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
  timeout = 120_000,
): Promise<string> {
  try {
    const { stdout } = await run(file, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout });
    return stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: unknown };
    throw new Error(
      `${[file, ...args].join(' ')} (in ${cwd}) failed with ${String(failed.code)}\n--- stdout\n${failed.stdout ?? ''}\n--- stderr\n${failed.stderr ?? ''}`,
      { cause: error },
    );
  }
}

interface PackReport {
  readonly name: string;
  readonly filename: string;
}

export interface ScratchProject {
  readonly dir: string;
  /** The npm project the tarballs are installed in. */
  readonly project: string;
  /** Tarball path by package name. */
  readonly tarballs: ReadonlyMap<string, string>;
  /** The environment npm runs in there. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * What the published packages take from the registry (tinypool, say): the
 * dependencies of theirs that are not published from this workspace.
 */
export function registryRoots(packages: readonly Published[]): LockedRoot[] {
  const own = new Set(packages.map(({ manifest }) => manifest.name));
  return packages.flatMap(({ manifest }) =>
    Object.keys(manifest.dependencies ?? {})
      .filter((dependency) => !own.has(dependency) && dependency !== '@aiox/internal')
      .map((dependency) => ({ from: manifest.name, dependency })),
  );
}

/**
 * Packs `packages` (built already: turbo runs the builds before the tests)
 * and installs every tarball together with npm into a fresh temp directory.
 * What comes from the registry (their dependencies other than each other,
 * such as tinypool, and the packages `alongside`, peers a user installs, such
 * as ioredis) comes at the versions `locked` pins: the workspace lockfile's,
 * through npm `overrides`, so the run does not change with the registry.
 */
export async function installTarballs(
  packages: readonly Published[],
  locked: LockedVersions,
  alongside: readonly string[] = [],
): Promise<ScratchProject> {
  for (const { dir, manifest } of packages) {
    if (!existsSync(join(dir, 'dist'))) throw new Error(`${manifest.name} has no dist/: build it first (npm run build)`);
  }
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'aiox-tarballs-')));
  try {
    return await packAndInstall(packages, dir, locked, alongside);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function packAndInstall(
  packages: readonly Published[],
  dir: string,
  locked: LockedVersions,
  alongside: readonly string[],
): Promise<ScratchProject> {
  const packed = join(dir, 'tarballs');
  const filters = packages.flatMap(({ manifest }) => ['--filter', manifest.name]);
  const report = await exec(bin('pnpm'), ['-r', ...filters, 'pack', '--pack-destination', packed, '--json'], repoRoot);
  const parsed = JSON.parse(report) as PackReport | PackReport[];
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  const tarballs = new Map(entries.map(({ name, filename }) => [name, filename]));
  const project = join(dir, 'project');
  mkdirSync(project);
  // npm would otherwise take the settings pnpm and turbo export to scripts.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const manifest = { name: 'aiox-tarball-project', version: '0.0.0', private: true, overrides: Object.fromEntries(locked.closure) };
  writeFileSync(join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const scratch = { dir, project, tarballs, env };
  await installLocked(scratch, locked, [...tarballs.values()], alongside);
  return scratch;
}

/**
 * `npm install` in the scratch project of `files` (tarballs) and of the
 * registry packages `names`, each at its locked version. Exact specs, saved
 * exactly: npm refuses an override that differs from a direct dependency's range.
 */
export async function installLocked(
  scratch: Pick<ScratchProject, 'project' | 'env'>,
  locked: LockedVersions,
  files: readonly string[],
  names: readonly string[] = [],
): Promise<void> {
  const specs = names.map((name) => {
    const version = locked.roots.get(name);
    if (version === undefined) throw new Error(`${name} has no locked version: add it to the lockedVersions roots`);
    return `${name}@${version}`;
  });
  // The registry is slow at times (a CI run once spent over 2 minutes here):
  // take what the npm cache has, and allow it time.
  await exec(
    'npm',
    ['install', '--save-exact', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...files, ...specs],
    scratch.project,
    scratch.env,
    300_000,
  );
}

/** The `types` file `exports[subpath]` gives under the `import` or `require` condition (as TypeScript, with no `browser`). */
export function typesFor(manifest: Manifest, subpath: string, kind: 'import' | 'require'): string | undefined {
  const pick = (target: unknown): string | undefined => {
    if (typeof target === 'string') return /\.d\.[cm]?ts$/.test(target) ? target : undefined;
    if (typeof target !== 'object' || target === null) return undefined;
    for (const [condition, next] of Object.entries(target)) {
      if (condition === 'types' || condition === kind || condition === 'node' || condition === 'default') {
        const found = pick(next);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return pick(manifest.exports[subpath]);
}

/** Each `from` file's resolution of each module name, from `tsc --traceResolution` output. */
export function resolutions(trace: string): Map<string, string> {
  const found = new Map<string, string>();
  let asking: string | undefined;
  for (const line of trace.split('\n')) {
    const start = /^======== Resolving module '([^']+)' from '([^']+)'/.exec(line);
    if (start) asking = `${start[2]} ${start[1]}`;
    const done = /^======== Module name '([^']+)' was successfully resolved to '([^']+)'/.exec(line);
    if (done && asking !== undefined) found.set(asking, done[2] ?? '');
  }
  return found;
}
