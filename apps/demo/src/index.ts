/**
 * The aiox demo: each scenario does real work with the library and checks,
 * from what it recorded, that the promise it makes held. Exits 1 if any did not.
 */
import { shutdownPools } from './pools';
import { acquireMany } from './scenarios/acquire-many';
import { blockingInThreads } from './scenarios/blocking-in-threads';
import { cpuInProcesses } from './scenarios/cpu-in-processes';
import { failFast } from './scenarios/fail-fast';
import { rateLimitedRequests } from './scenarios/rate-limited-requests';
import { streamingWithErrors } from './scenarios/streaming-with-errors';
import { walkInWorker } from './scenarios/walk-in-worker';
import { printTable, type Row } from './summary';

async function main(): Promise<void> {
  console.log(`aiox demo on Node ${process.version}\n`);
  const rows: Row[] = [];
  for (const scenario of [rateLimitedRequests, streamingWithErrors, failFast, acquireMany, cpuInProcesses, blockingInThreads, walkInWorker]) {
    rows.push(...(await scenario()));
  }
  await shutdownPools();
  console.log('');
  printTable(rows);
  const failed = rows.filter((row) => !row.ok).length;
  console.log(failed === 0 ? '\nEvery check held.' : `\n${failed} check(s) FAILED.`);
  if (failed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
