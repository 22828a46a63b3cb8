// For the tarball test: packs the published packages as a release would
// (`pnpm pack` replaces the `workspace:` ranges), and installs the tarballs
// into a scratch project outside the workspace, where nothing resolves to the
// workspace's sources or links.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

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
  /** Tarball path by package name. */
  readonly tarballs: ReadonlyMap<string, string>;
}

/**
 * Packs `packages` (built already: turbo runs the builds before the tests)
 * and installs every tarball together with npm into a fresh temp directory;
 * their dependencies other than each other (tinypool), and the packages
 * `alongside` (peers a user installs, such as ioredis), come from the registry.
 */
export async function installTarballs(packages: readonly Published[], alongside: readonly string[] = []): Promise<ScratchProject> {
  for (const { dir, manifest } of packages) {
    if (!existsSync(join(dir, 'dist'))) throw new Error(`${manifest.name} has no dist/: build it first (npm run build)`);
  }
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'aiox-tarballs-')));
  try {
    return await packAndInstall(packages, dir, alongside);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function packAndInstall(packages: readonly Published[], dir: string, alongside: readonly string[]): Promise<ScratchProject> {
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
  await exec('npm', ['init', '-y'], project, env);
  // The registry is slow at times (a CI run once spent over 2 minutes here):
  // take what the npm cache has, and allow it time.
  await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.values(), ...alongside], project, env, 300_000);
  return { dir, tarballs };
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
