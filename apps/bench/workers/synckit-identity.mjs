// The task of the run-decorator bench, for synckit: `createSyncFn` loads this
// file in its worker, and `runAsWorker` answers each call with fn's value.
import { runAsWorker } from 'synckit';

runAsWorker(async (x) => x);
