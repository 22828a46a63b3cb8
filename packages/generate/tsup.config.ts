import { packageBuild } from '../../tsup.base';

// The driver is a file of its own: the pool's workers import it by URL.
// `shims` gives the CJS build an `import.meta.url` to find it from.
export default packageBuild({ entry: { index: 'src/index.ts' }, shims: true }, { 'worker-generator': 'src/worker-generator.ts' });
