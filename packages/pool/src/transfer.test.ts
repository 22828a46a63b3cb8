import { afterAll, describe, expect, it } from 'vitest';
import type { MessagePort } from 'node:worker_threads';
import { ExecutorPool } from './executor-pool';
import { childPids, RUNTIMES } from './testing/helpers';

const MiB = 1024 * 1024;

/** A buffer whose every byte is known, so a lost or shifted byte shows. */
function pattern(size: number): ArrayBuffer {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 4096) bytes[i] = (i / 4096) % 251;
  bytes[size - 1] = 7;
  return bytes.buffer;
}

/** Self-contained: checks the same pattern in the worker. */
function checksum(buffer: ArrayBuffer): number {
  const bytes = new Uint8Array(buffer);
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 4096) sum += bytes[i] as number;
  return sum + (bytes[bytes.length - 1] as number) * 1e9 + bytes.length;
}

describe.each(RUNTIMES)('options.transfer in %s', (runtime) => {
  const pool = new ExecutorPool(runtime);
  pool.initialize({ maxWorkers: 2 });
  const threads = runtime === 'worker_threads';
  afterAll(async () => {
    await pool.shutdown();
    expect(childPids()).toEqual([]);
  });

  it(`a 64 MiB buffer arrives intact; the sender's is ${threads ? 'detached' : 'kept (copied)'}`, async () => {
    const buffer = pattern(64 * MiB);
    const expected = checksum(buffer);
    const call = pool.call(checksum, [buffer], { transfer: [buffer] });
    // Detached when the call starts, not when a worker takes it.
    expect(buffer.byteLength).toBe(threads ? 0 : 64 * MiB);
    expect(await call).toBe(expected);
    if (!threads) expect(checksum(buffer)).toBe(expected);
  });

  it('a typed array in the list moves its whole buffer, nested anywhere in the arguments', async () => {
    const view = new Float64Array([1.5, 2.5, 3.5]);
    const out = await pool.call((input: { data: Float64Array }) => [...input.data].reduce((a, b) => a + b, 0), [{ data: view }], {
      transfer: [view],
    });
    expect(out).toBe(7.5);
    expect(view.buffer.byteLength).toBe(threads ? 0 : 24);
  });

  it(`transferResult brings a 64 MiB result back intact${threads ? ', moved' : ', copied'}`, async () => {
    const out = await pool.call(
      (size: number) => {
        const bytes = new Uint8Array(size);
        bytes[0] = 1;
        bytes[size - 1] = 2;
        return { bytes, note: 'done' };
      },
      [64 * MiB],
      { transferResult: true },
    );
    expect(out.note).toBe('done');
    expect(out.bytes.length).toBe(64 * MiB);
    expect([out.bytes[0], out.bytes[64 * MiB - 1]]).toEqual([1, 2]);
  });

  it(`transferResult ${threads ? 'detaches the worker\'s buffer (nothing copied)' : 'leaves the child\'s buffer in place (copied)'}`, async () => {
    const single = new ExecutorPool(runtime);
    single.initialize({ maxWorkers: 1 });
    try {
      const kept = await single.call(
        () => {
          const buffer = new ArrayBuffer(1024);
          (globalThis as { kept?: ArrayBuffer }).kept = buffer;
          return [buffer];
        },
        [],
        { transferResult: true },
      );
      expect(kept[0]?.byteLength).toBe(1024);
      const left = await single.call(() => (globalThis as { kept?: ArrayBuffer }).kept?.byteLength, []);
      expect(left).toBe(threads ? 0 : 1024);
    } finally {
      await single.shutdown();
    }
  });

  it('round trip: a buffer moved in, changed, and moved back', async () => {
    const buffer = new Uint32Array([1, 2, 3]).buffer;
    const back = await pool.call(
      (b: ArrayBuffer) => {
        const words = new Uint32Array(b);
        for (let i = 0; i < words.length; i++) words[i] = (words[i] as number) * 10;
        return b;
      },
      [buffer],
      { transfer: [buffer], transferResult: true },
    );
    expect([...new Uint32Array(back)]).toEqual([10, 20, 30]);
  });

  it("a small Buffer, which lives in Node's shared pool, is copied, never moved", async () => {
    const small = Buffer.from('hello');
    const out = await pool.call((b: Uint8Array) => b.length, [small], { transfer: [small] });
    expect(out).toBe(5);
    expect(small.toString()).toBe('hello');
    expect(Buffer.from('still works').toString()).toBe('still works');
  });

  it('a bad list is refused before anything is detached', async () => {
    const buffer = new ArrayBuffer(8);
    await expect(pool.call(() => 1, [], { transfer: 'no' as never })).rejects.toThrow(/options\.transfer must be an array/);
    await expect(pool.call((_b: ArrayBuffer) => 1, [buffer], { transfer: [buffer, 3 as never] })).rejects.toThrow(TypeError);
    await expect(pool.call(() => 1, [], { transfer: [new SharedArrayBuffer(8) as never] })).rejects.toThrow(/SharedArrayBuffer/);
    expect(buffer.byteLength).toBe(8);
  });

  it('an already aborted call detaches nothing', async () => {
    const buffer = new ArrayBuffer(8);
    await expect(pool.call((_b: ArrayBuffer) => 1, [buffer], { transfer: [buffer], signal: AbortSignal.abort('no') })).rejects.toBe('no');
    expect(buffer.byteLength).toBe(8);
  });

  it(threads ? 'moves a MessagePort, which the worker can use' : 'refuses a MessagePort with a TypeError', async () => {
    const { port1, port2 } = new (process.getBuiltinModule('node:worker_threads').MessageChannel)();
    try {
      const call = pool.call(
        (port: MessagePort) => {
          port.postMessage('hello from the worker');
          port.close();
          return 'sent';
        },
        [port2],
        { transfer: [port2] },
      );
      if (!threads) {
        await expect(call).rejects.toThrow(/MessagePort.*child process/);
        return;
      }
      const heard = new Promise((resolve) => port1.once('message', resolve));
      expect(await call).toBe('sent');
      expect(await heard).toBe('hello from the worker');
    } finally {
      port1.close();
      port2.close();
    }
  });
});
