// Runs only the fixtures of this folder, under the shared config (and so the
// shared unhandled-rejection guard). Used by src/testing/no-unhandled-rejections.test.ts,
// which starts vitest on it in a child process; `*.fixture.ts` files never
// match the include pattern of the package's own run.
import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../../vitest.shared';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: ['test-fixtures/*.fixture.ts'],
    },
  }),
);
