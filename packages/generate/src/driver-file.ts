import { pathToFileURL } from 'node:url';
import { builtFile } from '@aiox/internal/built-file';

/**
 * The built driver the pool's workers import (`dist/index.js` and
 * `dist/index.cjs` both use the ESM `dist/worker-generator.js`).
 */
export function driverUrl(): string {
  return pathToFileURL(builtFile(import.meta.url, 'worker-generator.js', '@aiox/generate')).href;
}
