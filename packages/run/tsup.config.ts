import { packageBuild } from '../../tsup.base';

// runDecorator's two worker entries are files of their own: worker threads
// load them by URL. `shims` gives the CJS build an `import.meta.url` to find them from.
export default packageBuild(
  { entry: { index: 'src/index.ts' }, shims: true },
  { guardian: 'src/decorator/guardian.ts', 'decorator-worker': 'src/decorator/decorator-worker.ts' },
);
