import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built worker entry, found next to the running module: `dist/index.js`
 * uses `dist/worker-entry.js`, `dist/index.cjs` uses `dist/worker-entry.cjs`.
 * When the package runs from its sources (its own tests), the entry built in
 * `dist` is used.
 */
export function workerFile(): string {
  const self = fileURLToPath(import.meta.url);
  const here = dirname(self);
  const name = `worker-entry${extname(self) === '.cjs' ? '.cjs' : '.js'}`;
  const candidates = [join(here, name), join(here, '..', 'dist', name)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new Error(`@aiox/pool: its worker entry is missing (looked for ${candidates.join(' and ')}); build the package first`);
  }
  return found;
}
