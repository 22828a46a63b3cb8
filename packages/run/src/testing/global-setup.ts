// runDecorator's workers load their entries from `dist`, and the child
// processes of the tests import the package itself: build it first.
import { buildDist } from '@aiox/internal/build-dist';

export default async function setup(): Promise<void> {
  await buildDist({ index: 'src/index.ts', guardian: 'src/decorator/guardian.ts', 'decorator-worker': 'src/decorator/decorator-worker.ts' });
}
