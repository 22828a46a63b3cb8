import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The built driver the pool's workers import, found next to the running
 * module (`dist/index.js` and `dist/index.cjs` both use the ESM
 * `dist/worker-generator.js`); from the sources (this package's own tests),
 * the one built in `dist`.
 */
export function driverUrl(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'worker-generator.js'), join(here, '..', 'dist', 'worker-generator.js')];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new Error(`@aiox/generate: its worker driver is missing (looked for ${candidates.join(' and ')}); build the package first`);
  }
  return pathToFileURL(found).href;
}
