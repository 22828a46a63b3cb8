import { collect, inThread } from 'aiox';
import type { Scenario, ScenarioContext } from '../scenario';
import type { Row } from '../summary';

/** A blocking call, as a synchronous driver or a sleep would make: holds its thread for `ms`. */
function blockFor(ms: number): number {
  const started = performance.now();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return performance.now() - started;
}

const calls = 5;
const blockMs = 200;

/**
 * The seed's blocking example: five calls that each block for 200 ms, one
 * after another on the event loop, then on worker threads, where they
 * overlap while the event loop stays free (a timer keeps ticking).
 */
export const blockingInThreads: Scenario = {
  name: 'blocking',
  title: `inThread: ${calls} blocking calls, serially then on threads`,
  run: compare,
};

async function compare({ signal, progress }: ScenarioContext): Promise<Row[]> {
  const inThreadUntilAborted = inThread.with({ signal });
  // THREAD_POOL's default, min(32, CPU_CORES + 4) workers, holds the five on any machine.
  await collect(Array.from({ length: calls }, () => () => inThreadUntilAborted(() => 0)), { signal });

  let started = performance.now();
  for (let i = 0; i < calls; i++) blockFor(blockMs);
  const serialMs = performance.now() - started;
  // A Ctrl-C during the serial half is heard only once it ends: it blocks the loop.
  signal.throwIfAborted();

  let ticks = 0;
  const ticker = setInterval(() => ticks++, 10);
  started = performance.now();
  try {
    await collect(Array.from({ length: calls }, () => () => inThreadUntilAborted(blockFor, blockMs)), { signal });
  } finally {
    clearInterval(ticker);
  }
  const threadedMs = performance.now() - started;

  progress.finish(`${serialMs.toFixed(0)} ms serially, ${threadedMs.toFixed(0)} ms on threads`);
  return [
    {
      scenario: 'blocking calls in threads',
      measured: `${calls} x ${blockMs} ms: ${serialMs.toFixed(0)} ms serial, ${threadedMs.toFixed(0)} ms with inThread`,
      check: `overlap: under ${2 * blockMs} ms`,
      ok: threadedMs < 2 * blockMs,
    },
    {
      scenario: '  event loop stays free',
      measured: `a 10 ms timer ticked ${ticks} times meanwhile`,
      check: `>= ${Math.floor(blockMs / 20)} ticks`,
      ok: ticks >= Math.floor(blockMs / 20),
    },
  ];
}
