import { generateInThread } from 'aiox';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario, ScenarioContext } from '../scenario';
import type { Row } from '../summary';

/** Walks a tree with blocking readdirSync calls, yielding each file's path; shipped to a worker by its source. */
function* walk(root: string): Generator<string> {
  const { readdirSync } = process.getBuiltinModule('node:fs');
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) pending.push(path);
      else yield path;
    }
  }
}

/**
 * The seed's generator example: a directory walk, a blocking generator, runs
 * on a worker thread and streams its paths back in read-ahead batches, while
 * the event loop stays free; a second walk stops after 100 paths with a
 * `break`, which finishes the generator in its worker.
 */
export const walkInWorker: Scenario = {
  name: 'walk',
  title: 'generateInThread: walk node_modules on a worker thread',
  run: walkThere,
};

async function walkThere({ signal, progress }: ScenarioContext): Promise<Row[]> {
  const root = fileURLToPath(new URL('../../../node_modules', import.meta.url)).replace(/\/$/, '');
  const expected = readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => !entry.isDirectory()).length;

  let ticks = 0;
  const ticker = setInterval(() => ticks++, 5);
  const started = performance.now();
  let files = 0;
  try {
    for await (const path of generateInThread.with({ batchSize: 256, signal })(walk, root)) {
      if (path.length > 0) files++;
      if (files % 256 === 0) progress.count(files, expected);
    }
  } finally {
    clearInterval(ticker);
  }
  const walkMs = performance.now() - started;

  let early = 0;
  for await (const _path of generateInThread.with({ signal })(walk, root)) if (++early === 100) break;

  progress.count(files, expected);
  progress.finish(`${files} paths under node_modules, ${ticks} timer ticks meanwhile`);
  return [
    {
      scenario: 'directory walk in a worker',
      measured: `${files} paths streamed in ${walkMs.toFixed(0)} ms (readdirSync here: ${expected})`,
      check: 'same count as a walk here',
      ok: files === expected,
    },
    {
      scenario: '  event loop stays free',
      measured: `a 5 ms timer ticked ${ticks} times meanwhile`,
      check: `>= ${Math.max(1, Math.floor(walkMs / 5 / 4))} ticks`,
      ok: ticks >= Math.max(1, Math.floor(walkMs / 5 / 4)),
    },
    {
      scenario: '  break stops the walk',
      measured: `${early} paths, then break`,
      check: '100',
      ok: early === 100,
    },
  ];
}
