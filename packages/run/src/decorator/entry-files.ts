import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A built worker entry of this package, found next to the running module
 * (`dist/index.js` and `dist/index.cjs` both use the ESM `dist/<name>.js`);
 * from the sources (this package's own tests), the one built in `dist`.
 */
export function entryFile(name: 'guardian' | 'decorator-worker'): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, `${name}.js`), join(here, '..', 'dist', `${name}.js`), join(here, '..', '..', 'dist', `${name}.js`)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new Error(`@aiox/run: its worker entry is missing (looked for ${candidates.join(' and ')}); build the package first`);
  }
  return found;
}
