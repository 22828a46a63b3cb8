// The pool's workers import the driver from `dist` (a worker cannot run
// TypeScript), so the tests build it from the current sources once per run.
import { build } from 'tsup';

export default async function setup(): Promise<void> {
  await build({
    entry: { index: 'src/index.ts', 'worker-generator': 'src/worker-generator.ts' },
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
