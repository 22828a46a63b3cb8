import { defineConfig, type Options } from 'tsup';

/**
 * The one build every package shares: ESM and CJS from `src/index.ts`, with
 * `.d.ts` and `.d.cts`. `workerEntries` (output name to source) are files a
 * package loads into workers by URL: they ship as ESM only, without types.
 * Workspace devDependencies (such as `@aiox/internal`)
 * are bundled in, so the published universal packages keep zero runtime
 * dependencies.
 */
export function packageBuild(overrides: Options = {}, workerEntries: Record<string, string> = {}) {
  const entry = overrides.entry ?? { index: 'src/index.ts' };
  const workers = Object.keys(workerEntries);
  if (workers.length > 0 && Array.isArray(entry)) throw new TypeError('packageBuild: name the entries ({ index: … }) when it has worker entries');
  return defineConfig({
    format: ['esm', 'cjs'],
    dts: workers.length === 0 ? true : { entry },
    clean: true,
    target: 'es2022',
    sourcemap: true,
    treeshake: true,
    splitting: false,
    ...overrides,
    entry: workers.length === 0 ? entry : { ...entry, ...workerEntries },
    // Both builds of the package load the ESM worker entries by URL, so
    // their CommonJS copies would only weigh on the tarball.
    ...(workers.length === 0
      ? {}
      : {
          async onSuccess() {
            const { rm } = await import('node:fs/promises');
            await Promise.all(workers.flatMap((name) => [`dist/${name}.cjs`, `dist/${name}.cjs.map`]).map((file) => rm(file, { force: true })));
          },
        }),
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
