import { packageBuild } from '../../tsup.base';

// The worker entry is a file of its own: tinypool loads it by path in each worker.
// `wire` (the error codec) and `ship` (how functions cross) are shared with the other aiox Node packages.
// `shims` gives the CJS build an `import.meta.url` to find the worker entry from.
export default packageBuild({
  entry: { index: 'src/index.ts', 'worker-entry': 'src/worker-entry.ts', wire: 'src/wire/index.ts', ship: 'src/ship.ts' },
  shims: true,
});
