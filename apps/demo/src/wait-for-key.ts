/**
 * Waits for one key press on a terminal, or `timeoutMs`: true for a key.
 * The terminal is in raw mode meanwhile, where Ctrl-C is a byte rather than
 * a signal, so that byte is turned back into the SIGINT `run` handles.
 */
export function waitForKey(timeoutMs: number): Promise<boolean> {
  const { stdin } = process;
  return new Promise((resolve) => {
    const finish = (pressed: boolean) => {
      clearTimeout(timer);
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      resolve(pressed);
    };
    const onData = (data: Buffer) => {
      if (data.includes(3)) process.kill(process.pid, 'SIGINT');
      finish(true);
    };
    const timer = setTimeout(finish, timeoutMs, false);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
