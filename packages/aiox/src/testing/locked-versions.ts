// What the workspace's lockfile pins, for installs outside the workspace: the
// tarball test installs with npm into a scratch project, and npm alone takes
// whatever is newest in a range that day (ioredis 6.1.0 once broke CI that
// way while a warm cache still handed out 6.0.0). Every registry package it
// installs is pinned to the version pnpm installed here from pnpm-lock.yaml.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

interface ListedDependency {
  readonly version: string;
  readonly dependencies?: Record<string, ListedDependency>;
}

interface ListedProject {
  readonly name: string;
  readonly dependencies?: Record<string, ListedDependency>;
  readonly devDependencies?: Record<string, ListedDependency>;
  readonly optionalDependencies?: Record<string, ListedDependency>;
}

/** A registry package a workspace package depends on (directly, or as a dev dependency). */
export interface LockedRoot {
  /** The workspace package that lists it. */
  readonly from: string;
  /** Its name in that package.json. */
  readonly dependency: string;
}

export interface LockedVersions {
  /** The version the lockfile pins for each root. */
  readonly roots: ReadonlyMap<string, string>;
  /** Every package the roots bring in, themselves included, by name: an npm `overrides` object. */
  readonly closure: ReadonlyMap<string, string>;
}

/** Whether a listed version is a workspace link rather than a registry version. */
const isLink = (version: string): boolean => /^(link|file|workspace):/.test(version);

/**
 * The versions `pnpm-lock.yaml` pins for `roots` and for everything they
 * depend on, as installed in the workspace (`pnpm list`). A name that the
 * closure holds at two versions is an error: a flat override cannot pin both.
 */
export async function lockedVersions(repoRoot: string, roots: readonly LockedRoot[]): Promise<LockedVersions> {
  const filters = [...new Set(roots.map(({ from }) => from))].flatMap((name) => ['--filter', name]);
  const pnpm = join(repoRoot, 'node_modules', '.bin', 'pnpm');
  const { stdout } = await run(pnpm, ['list', ...filters, '--json', '--depth', 'Infinity'], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return pinned(JSON.parse(stdout) as ListedProject[], roots);
}

/** {@link lockedVersions} from `pnpm list --json` output (exported for its test). */
export function pinned(projects: readonly ListedProject[], roots: readonly LockedRoot[]): LockedVersions {
  const rootVersions = new Map<string, string>();
  const closure = new Map<string, string>();
  const add = (name: string, listed: ListedDependency, path: string): void => {
    if (isLink(listed.version)) return;
    const known = closure.get(name);
    if (known !== undefined && known !== listed.version) {
      throw new Error(`${name} is locked at both ${known} and ${listed.version} (${path}): a flat npm override cannot pin both`);
    }
    closure.set(name, listed.version);
    for (const [child, next] of Object.entries(listed.dependencies ?? {})) add(child, next, `${path} > ${child}`);
  };
  for (const { from, dependency } of roots) {
    const project = projects.find(({ name }) => name === from);
    if (project === undefined) throw new Error(`pnpm list shows no workspace package ${from}`);
    const listed =
      project.dependencies?.[dependency] ?? project.devDependencies?.[dependency] ?? project.optionalDependencies?.[dependency];
    if (listed === undefined) throw new Error(`${from} does not depend on ${dependency}, as pnpm installed it`);
    if (isLink(listed.version)) throw new Error(`${from} takes ${dependency} from the workspace (${listed.version}), not the registry`);
    rootVersions.set(dependency, listed.version);
    add(dependency, listed, `${from} > ${dependency}`);
  }
  return { roots: rootVersions, closure };
}
