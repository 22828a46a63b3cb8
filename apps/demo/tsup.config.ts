import { appBuild } from '../../tsup.base';

// The shared-limit scenario forks dist/shared-limit-worker.js: a file of its
// own, next to the demo's, that each crawler process runs.
export default appBuild({ entry: { index: 'src/index.ts', 'shared-limit-worker': 'src/shared-limit-worker.ts' } });
