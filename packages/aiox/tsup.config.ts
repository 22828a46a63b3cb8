import { packageBuild } from '../../tsup.base';

// `universal` is the browser entry: the packages that import nothing from Node.
export default packageBuild({ entry: ['src/index.ts', 'src/universal.ts'] });
