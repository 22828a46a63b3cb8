// Run by `vitest.runtimes.ts` only, next to a universal package's tests: it
// fails unless those tests really run in the runtime the config names, so a
// browser, Deno or Bun run that silently fell back to Node cannot pass.
import { expect, inject, it } from 'vitest';
import './runtimes';

interface Globals {
  Deno?: { version?: { deno?: string } };
  Bun?: { version?: string };
  process?: { versions?: Record<string, string | undefined> };
  navigator?: { userAgent?: string };
  window?: unknown;
  document?: unknown;
}
const globals = globalThis as Globals;

const runtime = inject('runtime');

it(`runs in ${runtime}`, () => {
  if (runtime === 'browser') {
    expect(typeof globals.window, 'window').toBe('object');
    expect(typeof globals.document, 'document').toBe('object');
    expect(globals.navigator?.userAgent).toContain('HeadlessChrome');
    expect(globals.Deno, 'Deno').toBeUndefined();
  } else if (runtime === 'deno') {
    expect(typeof globals.Deno?.version?.deno, 'Deno.version.deno').toBe('string');
  } else {
    expect(typeof globals.process?.versions?.bun, 'process.versions.bun').toBe('string');
    expect(globals.Bun?.version, 'Bun.version').toBe(globals.process?.versions?.bun);
  }
});
