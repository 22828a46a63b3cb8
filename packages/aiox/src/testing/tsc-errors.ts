// Sorts tsc's errors by whose files they are in: an error in aiox's own
// declarations (or in the code that uses them) is ours to fix; one inside
// another package's declarations (ioredis 6.1's own .d.ts import the untyped
// `redis-errors`) is that package's, and what a user can do about it differs.
import { isAbsolute, relative, sep } from 'node:path';

export interface TscErrors {
  /** Errors in aiox's packages or in the project's own files. */
  readonly ours: readonly string[];
  /** Errors inside other packages' files, by package name. */
  readonly theirs: ReadonlyMap<string, readonly string[]>;
}

const ERROR_LINE = /^(.+?)\(\d+,\d+\): error TS\d+: /;
const isAiox = (name: string): boolean => name === 'aiox' || name.startsWith('@aiox/');

/** The package a file belongs to: the last `node_modules/<name>` (or `<@scope/name>`) in its path. */
export function packageOf(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const first = parts[at + 1];
  if (first === undefined) return undefined;
  return first.startsWith('@') ? `${first}/${parts[at + 2] ?? ''}` : first;
}

/** tsc's error lines from its output (`file(line,col): error TSnnnn: …`), sorted into ours and theirs. */
export function sortTscErrors(output: string, project: string): TscErrors {
  const ours: string[] = [];
  const theirs = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const file = ERROR_LINE.exec(line)?.[1];
    if (file === undefined) continue;
    const inProject = isAbsolute(file) ? relative(project, file) : file;
    const owner = packageOf(inProject.split(sep).join('/'));
    if (owner === undefined || isAiox(owner)) ours.push(line.trim());
    else theirs.set(owner, [...(theirs.get(owner) ?? []), line.trim()]);
  }
  return { ours, theirs };
}

/** A report that says whose files the errors are in, and what to do about another package's. */
export function describeTscErrors({ ours, theirs }: TscErrors, advice: (name: string) => string): string {
  const parts: string[] = [];
  if (ours.length > 0) parts.push(`in aiox's types or the code using them:\n${ours.join('\n')}`);
  for (const [name, lines] of theirs) {
    parts.push(`in ${name}'s own declaration files, not aiox's (${advice(name)}):\n${lines.join('\n')}`);
  }
  return parts.join('\n\n');
}
