import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

export default mergeConfig(shared, {
  test: {
    // One redis-server for the whole run, on a free loopback port (see the file).
    globalSetup: ['./src/testing/global-setup.ts'],
  },
});
