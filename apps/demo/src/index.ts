/**
 * The aiox demo: each scenario does real work with the library and checks,
 * from what it recorded, that the promise it makes held. Exits 1 if any did
 * not. The entrypoint is aiox's `run`: Ctrl-C stops the demo between two
 * scenarios, debug mode reports a blocked event loop (the serial half of
 * the blocking scenario does block it, on purpose), and the worker pools
 * the scenarios started are shut down when it ends.
 */
import { run } from 'aiox';
import { acquireMany } from './scenarios/acquire-many';
import { blockingInThreads } from './scenarios/blocking-in-threads';
import { cpuInProcesses } from './scenarios/cpu-in-processes';
import { failFast } from './scenarios/fail-fast';
import { rateLimitedRequests } from './scenarios/rate-limited-requests';
import { streamingWithErrors } from './scenarios/streaming-with-errors';
import { syncBridge } from './scenarios/sync-bridge';
import { walkInWorker } from './scenarios/walk-in-worker';
import { printTable, type Row } from './summary';

const scenarios = [rateLimitedRequests, streamingWithErrors, failFast, acquireMany, cpuInProcesses, blockingInThreads, walkInWorker, syncBridge];

run(
  async (signal) => {
    console.log(`aiox demo on Node ${process.version}\n`);
    const rows: Row[] = [];
    for (const scenario of scenarios) {
      signal.throwIfAborted();
      rows.push(...(await scenario()));
    }
    console.log('');
    printTable(rows);
    const failed = rows.filter((row) => !row.ok).length;
    console.log(failed === 0 ? '\nEvery check held.' : `\n${failed} check(s) FAILED.`);
    if (failed > 0) process.exitCode = 1;
  },
  { debug: true },
);
