import { runtimesConfig } from '../../vitest.runtimes';

// Runs the tests in Chromium, Deno and Bun too (scripts/test-runtimes.mjs).
export default runtimesConfig({
  browser: {
    'src/examples.test.ts': 'reads the README and the sources with node:fs and compiles them with typescript',
    'src/acquire-many.test.ts > Permit > falls back to the registered symbols where Symbol.dispose is missing':
      'vi.resetModules cannot load a module afresh in the browser',
  },
});
