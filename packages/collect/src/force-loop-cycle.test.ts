import { closeSync, openSync, promises as fs, read } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forceLoopCycle } from './index';

/** Blocks this thread (not the kernel, nor libuv's thread pool) for `ms`. */
function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('forceLoopCycle', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('lets a 0 ms timer set before it fire, which microtasks alone do not', async () => {
    let fired = false;
    setTimeout(() => (fired = true), 0);
    await Promise.resolve();
    expect(fired).toBe(false);
    await forceLoopCycle();
    expect(fired).toBe(true);
  });

  it('lets an I/O callback whose work already finished in the thread pool run', async () => {
    const path = join(tmpdir(), `aiox-force-loop-cycle-${process.pid}.txt`);
    await fs.writeFile(path, 'hello');
    const fd = openSync(path, 'r');
    try {
      let bytes = -1;
      // One thread-pool operation, so one callback (readFile would take several turns).
      read(fd, Buffer.alloc(5), 0, 5, 0, (error, count) => {
        bytes = error ? -2 : count;
      });
      // The pool thread finishes the read meanwhile; only the callback waits.
      blockFor(100);
      expect(bytes).toBe(-1);
      await forceLoopCycle();
      expect(bytes).toBe(5);
    } finally {
      closeSync(fd);
      await fs.rm(path, { force: true });
    }
  });

  it('lets a socket read whose data already arrived run', async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    const accepted = new Promise<Socket>((done) => server.once('connection', done));
    const client = connect(port, '127.0.0.1');
    await new Promise<void>((done) => client.once('connect', () => done()));
    const peer = await accepted;
    try {
      let received = '';
      client.on('data', (chunk) => (received += chunk.toString()));
      peer.write('ping');
      // Loopback data is in the client's kernel buffer by now.
      blockFor(30);
      expect(received).toBe('');
      await forceLoopCycle();
      expect(received).toBe('ping');
    } finally {
      client.destroy();
      peer.destroy();
      await new Promise((done) => server.close(done));
    }
  });

  it('falls back to a MessageChannel, then to a second timer, where setImmediate is missing', async () => {
    for (const stubs of [{ setImmediate: undefined }, { setImmediate: undefined, MessageChannel: undefined }]) {
      for (const [name, value] of Object.entries(stubs)) vi.stubGlobal(name, value);
      let fired = false;
      setTimeout(() => (fired = true), 0);
      await forceLoopCycle();
      expect(fired).toBe(true);
      vi.unstubAllGlobals();
    }
  });
});
