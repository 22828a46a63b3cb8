// The tests run the built demo in child processes, and turbo builds only
// the demo's dependencies before a test: build it from the current sources.
import { build } from 'tsup';

export default async function setup(): Promise<void> {
  // Reads tsup.config.ts, as `npm run build` does.
  await build({ silent: true });
}
