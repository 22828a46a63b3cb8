// Workers load the built entry and the exit test runs a real script against
// the built package, so the tests build both first; host-flags.test.ts also
// runs the CommonJS entry, as `require('@aiox/pool')` does, so it is built too.
import { buildDist } from '@aiox/internal/build-dist';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** When this run's build started (ms since the epoch): host-flags.test.ts checks it ran that build. */
    poolBuiltAt: number;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  // A second earlier: file times may be coarser than Date.now().
  project.provide('poolBuiltAt', Date.now() - 1000);
  await buildDist(['src/index.ts', 'src/worker-entry.ts']);
  // As tsup.config.ts builds it: `shims` gives it an import.meta.url to find
  // the (ESM) worker entry from, and rollup's tree shaking `require`s tinypool
  // as a whole (esbuild's own interop wraps it in an object without the class).
  await buildDist({ index: 'src/index.ts' }, { format: ['cjs'], shims: true, treeshake: true });
}
