import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The bundle test runs esbuild and a child Node process.
    testTimeout: 30_000,
  },
});
