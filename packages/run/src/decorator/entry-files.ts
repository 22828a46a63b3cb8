import { builtFile } from '@aiox/internal/built-file';

/** A built worker entry of this package (`dist/index.js` and `dist/index.cjs` both use the ESM `dist/<name>.js`). */
export function entryFile(name: 'guardian' | 'decorator-worker'): string {
  return builtFile(import.meta.url, `${name}.js`, '@aiox/run');
}
