import { packageBuild } from '../../tsup.base';

// The worker entry is a file of its own: tinypool loads it by path in each worker.
// `shims` gives the CJS build an `import.meta.url` to find it from.
export default packageBuild({ entry: ['src/index.ts', 'src/worker-entry.ts'], shims: true });
