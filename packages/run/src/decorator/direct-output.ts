// Decorator worker side: what the function prints goes straight to the
// process's own stdout and stderr, before its call returns. A worker
// thread's output otherwise travels through its parent's event loop (the
// guardian's, then the caller's, which is blocked in the call): it would
// come after the caller's own later output, and be lost when the process
// exits first.
import { writeSync } from 'node:fs';

type Write = (chunk: string | Uint8Array, encoding?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void) => boolean;

const pause = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));

export function writeOutputDirectly(): void {
  redirect(process.stdout, 1);
  redirect(process.stderr, 2);
}

function redirect(stream: NodeJS.WriteStream, fd: number): void {
  const write: Write = (chunk, encoding, callback) => {
    const done = typeof encoding === 'function' ? encoding : callback;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : chunk;
    writeAll(fd, bytes);
    if (done !== undefined) process.nextTick(done);
    return true;
  };
  (stream as unknown as { write: Write }).write = write;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.byteLength) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      // A full non-blocking pipe: wait for the reader a moment.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
