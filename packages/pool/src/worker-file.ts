import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtFile } from '@aiox/internal/built-file';

/**
 * The built worker entry tinypool loads: `dist/index.js` uses
 * `dist/worker-entry.js`, `dist/index.cjs` uses `dist/worker-entry.cjs`.
 */
export function workerFile(): string {
  const name = `worker-entry${extname(fileURLToPath(import.meta.url)) === '.cjs' ? '.cjs' : '.js'}`;
  return builtFile(import.meta.url, name, '@aiox/pool');
}
