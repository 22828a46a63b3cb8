import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The vitest config every package shares (each `vitest.config.ts` exports it,
 * through `mergeConfig` when it adds settings of its own): every test fails if
 * it leaves an unhandled rejection behind.
 */
export default defineConfig({
  test: {
    setupFiles: [fileURLToPath(new URL('./packages/internal/src/testing/no-unhandled-rejections.ts', import.meta.url))],
  },
});
