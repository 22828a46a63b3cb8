/**
 * One line kept at the bottom of a terminal and redrawn in place. While it
 * is shown, whatever else the process writes to a terminal (a scenario's
 * `console.log`, run's stall reports and its "interrupted" line on stderr)
 * erases it first and redraws it after, so the two never share a line.
 */
export interface LiveLine {
  redraw(): void;
  /** Replaces the line with `last` (which ends with a newline) and gives the streams back. */
  end(last: string): void;
}

const ERASE = '\r\x1b[K';
const REDRAW_MS = 100;

type Write = (...args: unknown[]) => boolean;

export function liveLine(tty: NodeJS.WriteStream, render: () => string): LiveLine {
  const own = tty.write.bind(tty) as Write;
  const draw = () => own(`${ERASE}${fit(render(), tty.columns)}`);
  const erase = () => own(ERASE);

  const patched = [process.stdout, process.stderr].filter((stream) => stream.isTTY === true);
  const saved = patched.map((stream) => stream.write);
  for (const stream of patched) {
    const write = stream.write.bind(stream) as Write;
    stream.write = ((...args: unknown[]) => {
      erase();
      const result = write(...args);
      draw();
      return result;
    }) as typeof stream.write;
  }

  // The elapsed time moves even while nothing is counted; the timer is
  // cosmetic, so it must not keep the process alive.
  const timer = setInterval(draw, REDRAW_MS);
  timer.unref();
  // A second Ctrl-C ends the process at once: leave the prompt a line of its own.
  const onExit = () => own('\n');
  process.once('exit', onExit);
  draw();

  let ended = false;
  return {
    redraw() {
      if (!ended) draw();
    },
    end(last) {
      if (ended) return;
      ended = true;
      clearInterval(timer);
      process.off('exit', onExit);
      patched.forEach((stream, index) => {
        stream.write = saved[index] as typeof stream.write;
      });
      own(`${ERASE}${last}`);
    },
  };
}

/** A line longer than the terminal wraps, and `\r` then redraws only its last part. */
function fit(line: string, columns: number | undefined): string {
  // A pseudo-terminal nobody sized reports 0 columns.
  const room = columns !== undefined && columns > 0 ? columns - 1 : Number.POSITIVE_INFINITY;
  return line.length > room ? line.slice(0, room) : line;
}
