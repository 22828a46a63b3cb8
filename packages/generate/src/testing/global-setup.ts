// The pool's workers import the driver from `dist`, so the tests build it first.
import { buildDist } from '@aiox/internal/build-dist';

export default async function setup(): Promise<void> {
  await buildDist({ index: 'src/index.ts', 'worker-generator': 'src/worker-generator.ts' });
}
