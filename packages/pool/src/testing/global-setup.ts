// Workers load the built entry (a worker cannot run TypeScript) and the exit
// test runs a real script against the built package, so the tests build both
// from the current sources once per run: esbuild only, ESM only, no types,
// without cleaning `dist`.
import { build } from 'tsup';

export default async function setup(): Promise<void> {
  await build({
    entry: ['src/index.ts', 'src/worker-entry.ts'],
    format: ['esm'],
    outDir: 'dist',
    target: 'es2022',
    platform: 'node',
    clean: false,
    dts: false,
    silent: true,
    config: false,
  });
}
