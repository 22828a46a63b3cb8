// Workers load the built entry and the exit test runs a real script against
// the built package, so the tests build both first.
import { buildDist } from '@aiox/internal/build-dist';

export default async function setup(): Promise<void> {
  await buildDist(['src/index.ts', 'src/worker-entry.ts']);
}
