import { readdirSync, readFileSync } from 'node:fs';
import { findRedisServer } from '@aiox/internal/redis-server';
import { describe, expect, it } from 'vitest';
import { startDemo, startDemoWith } from './testing/demo-process';

/** The rows of the closing table, without its header and rule. */
function tableRows(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| scenario '));
}

/** A row's cells, trimmed. */
function cells(row: string | undefined): string[] {
  return (row ?? '').split('|').slice(1, -1).map((cell) => cell.trim());
}

/** The state and parent of a live process (Linux's /proc), or undefined once it is gone. */
function processState(pid: number): { state: string; parent: number } | undefined {
  try {
    // `pid (comm) state ppid ...`: comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state = '', parent = '0'] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, parent: Number(parent) };
  } catch {
    return undefined;
  }
}

/** The processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => processState(child)?.parent === pid);
}

const hasRedisServer = findRedisServer() !== undefined;
const sharedLimitRows = [
  'shared limit: 4 processes',
  "under the server's limit",
  'requests at once capped',
  'waiters woken when a permit frees',
  'few Redis round trips',
  'the limit holds because it is shared',
];

describe('the demo', () => {
  it('crawls 2,000 pages over real HTTP and every check of the crawl holds', async () => {
    const demo = startDemo('crawl');
    const { code } = await demo.exited;
    const rows = tableRows(demo.stdout());
    expect(demo.stderr()).not.toMatch(/^\s+at /m);
    expect(rows.map((row) => row.split('|')[1]?.trim())).toEqual(['crawl: real HTTP on loopback', "under the server's limit", 'sockets capped', 'the limit is real']);
    for (const row of rows) expect(row).toMatch(/\| ok +\|$/);
    expect(rows[0]).toContain('2000 of 2000 pages intact, in order: true');
    expect(rows[1]).toMatch(/^\| +under the server's limit +\| 0 answered 429;/);
    expect(demo.stdout()).toContain('Every check held.');
    expect(code).toBe(0);
  });

  it('feeds a crawl from a priority Queue: urgent pages first, the pause holds, and every check of it holds, as the server saw it', async () => {
    const demo = startDemo('frontier');
    const { code } = await demo.exited;
    const rows = tableRows(demo.stdout());
    expect(demo.stderr()).not.toMatch(/^\s+at /m);
    expect(rows.map((row) => cells(row)[0])).toEqual(['frontier: a priority Queue', 'urgent pages first', 'urgent pages found later', 'pause and resume']);
    for (const row of rows) expect(row).toMatch(/\| ok +\|$/);
    expect(cells(rows[0])[1]).toMatch(/^680 of 680 pages intact, 0 answered 429/);
    expect(cells(rows[1])[1]).toContain('60 of the 60 urgent pages');
    expect(cells(rows[2])[1]).toMatch(/20 of the 20 added then, ahead of \d+ queued/);
    // In a pipe the pause is a timer: no key to wait for.
    expect(cells(rows[3])[1]).toMatch(/^paused \d+ ms \(a 300 ms timer\): 0 requests reached the server, \d+ stayed queued$/);
    expect(code).toBe(0);
  });

  it('stops the crawl on SIGINT: the interrupted line, exit code 130, no stack, and out within seconds', async () => {
    const demo = startDemo('crawl');
    // The first quarter line: fetches are in flight, the server is listening.
    await demo.printed('500/2000');
    const sent = performance.now();
    demo.child.kill('SIGINT');
    const hung = setTimeout(() => demo.child.kill('SIGKILL'), 10_000);
    const { code, signal, at } = await demo.exited.finally(() => clearTimeout(hung));

    // Exiting at all shows the server closed and its sockets ended: either
    // left open would keep the process alive (and SIGKILL end it here).
    expect({ code, signal }).toEqual({ code: 130, signal: null });
    expect(at - sent).toBeLessThan(3000);
    expect(demo.stdout()).toContain('Interrupted during "crawl", which stopped cleanly; 0 of 1 scenarios had finished.');
    expect(demo.stdout()).not.toContain('Every check held.');
    expect(demo.stderr()).toContain('interrupted by SIGINT');
    expect(demo.stderr()).not.toMatch(/^\s+at /m);
  });

  it.skipIf(!hasRedisServer)('shares one Redis rate limit and semaphore among 4 processes, and every check of it holds', async () => {
    const demo = startDemo('shared-limit');
    const { code } = await demo.exited;
    const rows = tableRows(demo.stdout());
    expect(demo.stderr()).not.toMatch(/^\s+at /m);
    expect(rows.map((row) => cells(row)[0])).toEqual(sharedLimitRows);
    for (const row of rows) expect(row, demo.stdout()).toMatch(/\| ok +\|$/);
    expect(cells(rows[0])[1]).toMatch(/^1200 of 1200 pages intact, .*; 4 of 4 workers reported both crawls, 4 exited 0 on their own$/);
    expect(cells(rows[1])[1]).toMatch(/^0 answered 429;/);
    expect(cells(rows[4])[1]).toMatch(/^\d+ script calls for 1200 requests: [\d.]+ per request \(\d+ commands in all/);
    // The control: the same processes with a limit each draw 429s.
    expect(Number(/([1-9]\d*) answered 429/.exec(cells(rows[5])[1] ?? '')?.[1])).toBeGreaterThan(0);
    expect(demo.stdout()).toContain('Every check held.');
    expect(code).toBe(0);
  });

  it.skipIf(!hasRedisServer)("fails the shared-limit checks when each process has keys of its own: four budgets, four sets of permits", async () => {
    const demo = startDemoWith({ AIOX_DEMO_SHARED_LIMIT_KEYS: 'per-process' }, 'shared-limit');
    const { code } = await demo.exited;
    const rows = tableRows(demo.stdout());
    expect(rows.map((row) => cells(row)[0])).toEqual(sharedLimitRows);
    // Four budgets draw 429s, and four sets of permits let more than 8
    // requests in at once (each process's 4 tasks wait on slow pages at the
    // same time); a machine too busy to send that fast may show only one.
    const limit = cells(rows[1]);
    const atOnce = cells(rows[2]);
    expect([limit[3], atOnce[3]], demo.stdout()).toContain('FAILED');
    const number = (text: string | undefined, pattern: RegExp) => Number(pattern.exec(text ?? '')?.[1]);
    if (limit[3] === 'FAILED') expect(number(limit[1], /^(\d+) answered 429/) > 0 || number(limit[1], /saw: (\d+) requests$/) > 100).toBe(true);
    if (atOnce[3] === 'FAILED') expect(number(atOnce[1], /at most (\d+) at once/)).toBeGreaterThan(8);
    expect(demo.stdout()).toMatch(/\n\d+ check\(s\) FAILED\.\n/);
    expect(demo.stdout()).not.toContain('Every check held');
    expect(code).toBe(1);
  });

  it.skipIf(!hasRedisServer || process.platform !== 'linux')('stops shared-limit on SIGINT: its worker processes and redis-server are gone, exit code 130', async () => {
    const demo = startDemo('shared-limit');
    // The first quarter line: the workers crawl, redis-server runs.
    await demo.printed('600/2400');
    const pid = demo.child.pid ?? 0;
    const children = childrenOf(pid);
    // 4 workers and redis-server (and whatever Node itself starts).
    expect(children.length).toBeGreaterThanOrEqual(5);
    const sent = performance.now();
    demo.child.kill('SIGINT');
    const hung = setTimeout(() => demo.child.kill('SIGKILL'), 15_000);
    const { code, signal, at } = await demo.exited.finally(() => clearTimeout(hung));

    expect({ code, signal }).toEqual({ code: 130, signal: null });
    expect(at - sent).toBeLessThan(5000);
    expect(demo.stdout()).toContain('Interrupted during "shared-limit", which stopped cleanly; 0 of 1 scenarios had finished.');
    expect(demo.stderr()).toContain('interrupted by SIGINT');
    expect(demo.stderr()).not.toMatch(/^\s+at /m);
    // Gone, or (reparented, not yet reaped) a zombie: none runs on.
    expect(children.filter((child) => processState(child) !== undefined && processState(child)?.state !== 'Z')).toEqual([]);
  });

  it('skips shared-limit, and still succeeds, when there is no redis-server', async () => {
    // No PATH to find redis-server on (nor the shell that looks).
    const demo = startDemoWith({ PATH: '/nonexistent', REDIS_SERVER: undefined }, 'shared-limit');
    const { code } = await demo.exited;
    const rows = tableRows(demo.stdout());
    expect(rows).toHaveLength(1);
    expect(cells(rows[0])).toEqual([
      'shared limit across processes',
      'skipped: no redis-server found: install it (apt-get install redis-server) or point REDIS_SERVER at the binary',
      'needs redis-server',
      'skipped',
    ]);
    expect(demo.stdout()).toContain('Every check held; 1 skipped.');
    expect(code).toBe(0);
  });

  it('names the scenarios it knows when given one it does not', async () => {
    const demo = startDemo('crawl', 'nope');
    const { code } = await demo.exited;
    expect(code).toBe(2);
    expect(demo.stderr()).toContain('scenario must be one of crawl, frontier, streaming, fail-fast, acquire-many, cpu, blocking, walk, sync-bridge, shared-limit (received "nope")');
    expect(demo.stdout()).toBe('');
  });
});
