import { readFileSync } from 'node:fs';
import { runDecorator } from 'aiox';
import type { Scenario, ScenarioContext } from '../scenario';
import type { Row } from '../summary';

/** Async code a synchronous caller needs: shipped to a worker by its source. */
async function readJson(path: string): Promise<{ name: string }> {
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(path, 'utf8')) as { name: string };
}

const trivialCalls = 20_000;

/**
 * runDecorator: a synchronous function (a config loader, a sync plugin hook)
 * gets the result of async code, truly synchronously: no timer runs during
 * the call. Then many calls in a row, and a call that never settles, bounded
 * by a timeout that leaves the next call working.
 */
export const syncBridge: Scenario = {
  name: 'sync-bridge',
  title: 'runDecorator: async code called synchronously',
  run: bridge,
};

// Its calls block the loop until they return, so a Ctrl-C is heard between them.
async function bridge({ signal, progress }: ScenarioContext): Promise<Row[]> {
  const path = new URL('../../../package.json', import.meta.url).pathname;
  const readJsonSync = runDecorator(readJson);
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 1);
  // A timer due during the call must not run until it returns.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const ticksBefore = ticks;
  const config = readJsonSync(path);
  const ticksDuring = ticks - ticksBefore;
  clearInterval(ticker);
  const expected = (JSON.parse(readFileSync(path, 'utf8')) as { name: string }).name;
  signal.throwIfAborted();

  const double = runDecorator(async (n: number) => n * 2);
  double(0);
  let wrong = 0;
  const started = performance.now();
  for (let n = 0; n < trivialCalls; n++) if (double(n) !== n * 2) wrong++;
  const perSecond = trivialCalls / ((performance.now() - started) / 1000);
  signal.throwIfAborted();

  // The timeout covers the fresh worker's start too, which a loaded machine
  // stretched past 100 ms.
  const lookup = runDecorator((hang: boolean) => (hang ? new Promise<string>(() => {}) : 'answered'), { timeout: 500 });
  let timedOut = '';
  try {
    lookup(true);
  } catch (error) {
    timedOut = (error as Error).name;
  }
  let after: string;
  try {
    after = lookup(false);
  } catch (error) {
    // Reported in the table as a failed check, not as a crash of the demo.
    after = `threw ${(error as Error).name}`;
  }

  signal.throwIfAborted();
  progress.finish(`read ${config.name} synchronously; ${trivialCalls} calls at ${Math.round(perSecond)} calls/s`);
  return [
    {
      scenario: 'sync bridge to async code',
      measured: `readJsonSync() gave "${config.name}", ${ticksDuring} timer ticks during the call`,
      check: `"${expected}", 0 ticks (truly synchronous)`,
      ok: config.name === expected && ticksDuring === 0,
    },
    {
      scenario: '  many calls in a row',
      measured: `${trivialCalls} calls, ${wrong} wrong, ${Math.round(perSecond / 1000)}k calls/s`,
      check: '0 wrong',
      ok: wrong === 0,
    },
    {
      scenario: '  a call that never settles',
      measured: `${timedOut || 'no error'}, then the next call: ${after}`,
      check: 'TimeoutError, then answered',
      ok: timedOut === 'TimeoutError' && after === 'answered',
    },
  ];
}
