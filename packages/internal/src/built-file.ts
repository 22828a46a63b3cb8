// For the Node packages whose workers load a built file of their own
// package (a worker cannot run TypeScript). Apart from the index: it imports
// Node, and the universal packages use the index.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The path of the built file `name` of the package whose module is `from`
 * (its `import.meta.url`): next to it when it runs built (`dist/index.js`,
 * `dist/index.cjs`), or in the package's `dist` when it runs from its
 * sources (its own tests: `src/` or one folder below).
 */
export function builtFile(from: string, name: string, packageName: string): string {
  const here = dirname(fileURLToPath(from));
  const candidates = [join(here, name), join(here, '..', 'dist', name), join(here, '..', '..', 'dist', name)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new Error(`${packageName}: its built file ${name} is missing (looked for ${candidates.join(', ')}); build the package first`);
  }
  return found;
}
