/**
 * The progress of the running scenario: on a terminal a live line (counts,
 * rate, elapsed) redrawn in place; elsewhere (CI logs, pipes) plain lines
 * at each quarter and at the end, never a carriage return.
 */
import { liveLine } from './live-line';

export interface Progress {
  /** `done` of `total` items finished. */
  count(done: number, total: number): void;
  /** Ends the line with a closing note. */
  finish(note: string): void;
  /** Ends the line if `finish` was not called (the scenario threw or was interrupted). */
  [Symbol.dispose](): void;
}

const BAR_WIDTH = 24;
/** Thousands of counts a second need not be thousands of writes. */
const LEAST_REDRAW_MS = 50;

export function progress(label: string, stream: NodeJS.WriteStream = process.stdout): Progress {
  const started = performance.now();
  let done = 0;
  let total = 0;
  let finished = false;

  const text = (): string => {
    const seconds = (performance.now() - started) / 1000;
    if (total === 0) return `  ${label}  ${seconds.toFixed(1)}s`;
    const filled = Math.round((done / total) * BAR_WIDTH);
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const counts = `${String(done).padStart(String(total).length)}/${total}`;
    return `  ${label}  [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${counts}  ${rate}/s  ${seconds.toFixed(1)}s`;
  };

  const live = stream.isTTY === true ? liveLine(stream, text) : undefined;
  let lastDraw = 0;
  let quarter = 0;

  const finish = (note: string): void => {
    if (finished) return;
    finished = true;
    const last = `${text()}  ${note}\n`;
    if (live) live.end(last);
    else stream.write(last);
  };

  return {
    count(nowDone, nowTotal) {
      done = nowDone;
      total = nowTotal;
      if (live) {
        const now = performance.now();
        if (now - lastDraw >= LEAST_REDRAW_MS || done === total) {
          lastDraw = now;
          live.redraw();
        }
        return;
      }
      const reached = Math.floor((done / total) * 4);
      if (reached > quarter && reached < 4) {
        quarter = reached;
        stream.write(`${text()}\n`);
      }
    },
    finish,
    [Symbol.dispose]: () => finish('stopped'),
  };
}
