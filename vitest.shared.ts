import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The vitest config every package shares (each `vitest.config.ts` exports it,
 * through `mergeConfig` when it adds settings of its own): every test fails if
 * it leaves an unhandled rejection behind. The timeouts are generous because
 * a loaded two-core CI machine can stall a worker start or a 64 MiB copy for
 * seconds; no test uses them to judge speed.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: [fileURLToPath(new URL('./packages/internal/src/testing/no-unhandled-rejections.ts', import.meta.url))],
  },
});
