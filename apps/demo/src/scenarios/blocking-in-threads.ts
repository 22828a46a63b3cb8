import { collect, inThread, THREAD_POOL } from 'aiox';
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
export async function blockingInThreads(): Promise<Row[]> {
  THREAD_POOL.initialize({ maxWorkers: calls });
  await collect(Array.from({ length: calls }, () => () => inThread(() => 0)));

  let started = performance.now();
  for (let i = 0; i < calls; i++) blockFor(blockMs);
  const serialMs = performance.now() - started;

  let ticks = 0;
  const ticker = setInterval(() => ticks++, 10);
  started = performance.now();
  await collect(Array.from({ length: calls }, () => () => inThread(blockFor, blockMs)));
  const threadedMs = performance.now() - started;
  clearInterval(ticker);

  console.log(`  inThread: ${calls} blocking calls, ${serialMs.toFixed(0)} ms serially, ${threadedMs.toFixed(0)} ms on threads`);
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
