// For a Node package's test setup: workers load built files (a worker cannot
// run TypeScript), so the tests build them from the current sources once per
// run: esbuild only, ESM unless told otherwise, no types, without cleaning `dist`.
import { build, type Options } from 'tsup';

export async function buildDist(
  entry: NonNullable<Options['entry']>,
  overrides: Pick<Options, 'format' | 'shims' | 'treeshake'> = {},
): Promise<void> {
  await build({
    entry,
    format: ['esm'],
    outDir: 'dist',
    target: 'es2022',
    platform: 'node',
    clean: false,
    dts: false,
    silent: true,
    splitting: false,
    config: false,
    ...overrides,
  });
}
