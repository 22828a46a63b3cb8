import { describe, expect, it } from 'vitest';
import { startDemo } from './testing/demo-process';

/** The rows of the closing table, without its header and rule. */
function tableRows(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| scenario '));
}

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

  it('names the scenarios it knows when given one it does not', async () => {
    const demo = startDemo('crawl', 'nope');
    const { code } = await demo.exited;
    expect(code).toBe(2);
    expect(demo.stderr()).toContain('scenario must be one of crawl, streaming, fail-fast, acquire-many, cpu, blocking, walk, sync-bridge (received "nope")');
    expect(demo.stdout()).toBe('');
  });
});
