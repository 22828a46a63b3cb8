/**
 * The aiox demo: each scenario does real work with the library and checks,
 * from what it recorded, that the promise it makes held. Exits 1 if any did
 * not. The entrypoint is aiox's `run`: Ctrl-C aborts the signal every
 * scenario gets, so the running one stops (fetches aborted, its server
 * closed, pool calls ended) and the demo exits 130; debug mode reports a
 * blocked event loop (the serial halves of the CPU and blocking scenarios
 * block it, on purpose); the worker pools the scenarios started are shut
 * down when it ends.
 *
 * `node dist/index.js crawl walk` runs only the scenarios named.
 * `shared-limit` starts a redis-server of its own (found on PATH, or named
 * by REDIS_SERVER); without one it is reported as skipped.
 */
import { run } from 'aiox';
import { progress } from './progress';
import type { Scenario } from './scenario';
import { acquireMany } from './scenarios/acquire-many';
import { blockingInThreads } from './scenarios/blocking-in-threads';
import { cpuInProcesses } from './scenarios/cpu-in-processes';
import { crawl } from './scenarios/crawl';
import { failFast } from './scenarios/fail-fast';
import { frontier } from './scenarios/frontier';
import { sharedLimit } from './scenarios/shared-limit';
import { streamingWithErrors } from './scenarios/streaming-with-errors';
import { syncBridge } from './scenarios/sync-bridge';
import { walkInWorker } from './scenarios/walk-in-worker';
import { printTable, type Row } from './summary';

const scenarios: readonly Scenario[] = [crawl, frontier, streamingWithErrors, failFast, acquireMany, cpuInProcesses, blockingInThreads, walkInWorker, syncBridge, sharedLimit];

const names = process.argv.slice(2);
const unknown = names.filter((name) => !scenarios.some((scenario) => scenario.name === name));
if (unknown.length > 0) {
  console.error(`scenario must be one of ${scenarios.map((scenario) => scenario.name).join(', ')} (received ${unknown.map((name) => JSON.stringify(name)).join(', ')})`);
  process.exitCode = 2;
} else {
  const chosen = names.length === 0 ? scenarios : scenarios.filter((scenario) => names.includes(scenario.name));
  run((signal) => demo(chosen, signal), { debug: true });
}

async function demo(chosen: readonly Scenario[], signal: AbortSignal): Promise<void> {
  console.log(`aiox demo on Node ${process.version}\n`);
  const rows: Row[] = [];
  for (const [index, scenario] of chosen.entries()) {
    try {
      signal.throwIfAborted();
      using line = progress(scenario.title);
      rows.push(...(await scenario.run({ signal, progress: line })));
    } catch (error) {
      // run prints the reason's one line and exits 130; this says where it stopped.
      if (signal.aborted) console.log(`\nInterrupted during "${scenario.name}", which stopped cleanly; ${index} of ${chosen.length} scenarios had finished.`);
      throw error;
    }
  }
  // The last scenario may have ignored the signal: an interrupt is still one.
  signal.throwIfAborted();
  console.log('');
  printTable(rows);
  const failed = rows.filter((row) => !row.ok).length;
  const skipped = rows.filter((row) => row.skipped === true).length;
  const held = skipped === 0 ? 'Every check held.' : `Every check held; ${skipped} skipped.`;
  console.log(failed === 0 ? `\n${held}` : `\n${failed} check(s) FAILED.`);
  if (failed > 0) process.exitCode = 1;
}
