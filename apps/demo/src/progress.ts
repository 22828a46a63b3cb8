/**
 * A progress line: redrawn in place on a terminal, a few plain lines
 * otherwise (CI logs and pipes must not fill up with carriage returns).
 */
export interface Progress {
  tick(done: number): void;
  finish(note: string): void;
}

export function progress(label: string, total: number, stream: NodeJS.WriteStream = process.stdout): Progress {
  const width = 30;
  const interactive = stream.isTTY === true;
  let lastQuarter = -1;
  const started = performance.now();

  const draw = (done: number): string => {
    const filled = Math.round((done / total) * width);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return `  ${label.padEnd(34)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(done).padStart(5)}/${total} ${seconds}s`;
  };

  return {
    tick(done) {
      if (interactive) {
        stream.write(`\r${draw(done)}`);
        return;
      }
      const quarter = Math.floor((done / total) * 4);
      if (quarter > lastQuarter && quarter < 4) {
        lastQuarter = quarter;
        stream.write(`${draw(done)}\n`);
      }
    },
    finish(note) {
      stream.write(`${interactive ? '\r' : ''}${draw(total)}  ${note}\n`);
    },
  };
}
