import { describe, expect, it } from 'vitest';
import { pinned } from './locked-versions';

describe('the versions the lockfile pins', () => {
  const projects = [
    {
      name: '@aiox/pool',
      dependencies: { tinypool: { version: '2.2.0' }, '@aiox/internal': { version: 'link:../internal' } },
    },
    {
      name: '@aiox/redis',
      dependencies: { '@aiox/rate-limit': { version: 'link:../rate-limit' } },
      devDependencies: {
        ioredis: { version: '6.1.0', dependencies: { denque: { version: '2.1.0' }, debug: { version: '4.4.3', dependencies: { ms: { version: '2.1.3' } } } } },
      },
    },
  ];

  it('gives each root its version and the whole closure by name', () => {
    const locked = pinned(projects, [
      { from: '@aiox/pool', dependency: 'tinypool' },
      { from: '@aiox/redis', dependency: 'ioredis' },
    ]);
    expect(Object.fromEntries(locked.roots)).toEqual({ tinypool: '2.2.0', ioredis: '6.1.0' });
    expect(Object.fromEntries(locked.closure)).toEqual({ tinypool: '2.2.0', ioredis: '6.1.0', denque: '2.1.0', debug: '4.4.3', ms: '2.1.3' });
  });

  it('refuses a workspace link, a missing dependency, and a name locked at two versions', () => {
    expect(() => pinned(projects, [{ from: '@aiox/pool', dependency: '@aiox/internal' }])).toThrow(/from the workspace/);
    expect(() => pinned(projects, [{ from: '@aiox/pool', dependency: 'ioredis' }])).toThrow(/does not depend on ioredis/);
    expect(() => pinned(projects, [{ from: 'nope', dependency: 'x' }])).toThrow(/no workspace package nope/);
    const twice = [{ name: 'a', dependencies: { x: { version: '1.0.0', dependencies: { ms: { version: '1.0.0' } } }, ms: { version: '2.0.0' } } }];
    expect(() => pinned(twice, [{ from: 'a', dependency: 'x' }, { from: 'a', dependency: 'ms' }])).toThrow(/ms is locked at both 1\.0\.0 and 2\.0\.0/);
  });
});
