import { describe, expect, it } from 'vitest';
import { describeTscErrors, packageOf, sortTscErrors } from './tsc-errors';

describe("sorting tsc's errors by whose files they are in", () => {
  const project = '/tmp/scratch/project';
  const output = [
    "node_modules/ioredis/built/errors/WatchError.d.ts(1,29): error TS7016: Could not find a declaration file for module 'redis-errors'.",
    "  '/tmp/scratch/project/node_modules/redis-errors/index.js' implicitly has an 'any' type.",
    "/tmp/scratch/project/node_modules/@aiox/redis/dist/index.d.ts(3,1): error TS2305: Module '\"ioredis\"' has no exported member 'Foo'.",
    "types-import-node16.mts(12,7): error TS2322: Type 'string' is not assignable to type 'number'.",
    'node_modules/.pnpm/@types+x@1.0.0/node_modules/@types/x/index.d.ts(2,2): error TS1005: a scoped one.',
    'Found 4 errors.',
  ].join('\n');

  it('puts errors in aiox packages and in the project in ours, and others by package', () => {
    const sorted = sortTscErrors(output, project);
    expect(sorted.ours).toHaveLength(2);
    expect(sorted.ours[0]).toMatch(/@aiox\/redis/);
    expect(sorted.ours[1]).toMatch(/^types-import-node16\.mts/);
    expect([...sorted.theirs.keys()]).toEqual(['ioredis', '@types/x']);
    expect(sorted.theirs.get('ioredis')?.[0]).toMatch(/TS7016/);
  });

  it('names the package of a file by its last node_modules folder', () => {
    expect(packageOf('node_modules/ioredis/built/a.d.ts')).toBe('ioredis');
    expect(packageOf('a/node_modules/.pnpm/x/node_modules/@scope/pkg/b.d.ts')).toBe('@scope/pkg');
    expect(packageOf('src/a.ts')).toBeUndefined();
  });

  it("says which errors are another package's and what to do about them", () => {
    const text = describeTscErrors(sortTscErrors(output, project), (name) => `advice for ${name}`);
    expect(text).toMatch(/in aiox's types or the code using them:\n.*@aiox\/redis/);
    expect(text).toMatch(/in ioredis's own declaration files, not aiox's \(advice for ioredis\):\n.*TS7016/);
    expect(sortTscErrors('Found 0 errors.\n', project)).toEqual({ ours: [], theirs: new Map() });
  });
});
