import { defineConfig, type Options } from 'tsup';

/**
 * The one build every package shares: ESM and CJS from `src/index.ts`, with
 * `.d.ts` and `.d.cts`. Workspace devDependencies (such as `@aiox/internal`)
 * are bundled in, so the published universal packages keep zero runtime
 * dependencies.
 */
export function packageBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    target: 'es2022',
    sourcemap: true,
    treeshake: true,
    splitting: false,
    ...overrides,
  });
}

/**
 * The build the apps share: a Node 20 ESM program from `src/index.ts`, with
 * its dependencies left as imports.
 */
export function appBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    clean: true,
    sourcemap: true,
    ...overrides,
  });
}
