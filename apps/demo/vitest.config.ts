import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

export default mergeConfig(shared, {
  test: {
    globalSetup: ['./src/testing/global-setup.ts'],
  },
});
