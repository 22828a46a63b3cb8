import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // The bundle test runs esbuild and a child Node process.
      testTimeout: 30_000,
    },
  }),
);
