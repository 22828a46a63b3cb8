import { afterEach, describe, expect, it } from 'vitest';
import type { ExecutorPool } from './executor-pool';
import { type InPool, inProcess, inThread, moduleTask, PROCESS_POOL, THREAD_POOL } from './index';
import { awaitLatch, childPids, FileLatch } from './testing/helpers';
import { awaitSharedLatch, SharedLatch } from './testing/shared-latch';

/** A task that tells the test it is running, then waits until the test lets it go. */
interface Rendezvous {
  start(call: InPool): Promise<number>;
  started(): Promise<void>;
  open(): void;
  dispose(): void;
}

function sharedRendezvous(): Rendezvous {
  const latch = new SharedLatch();
  return { start: (call) => call(awaitSharedLatch, latch.cells), started: () => latch.started(), open: () => latch.open(), dispose() {} };
}

function fileRendezvous(): Rendezvous {
  const latch = new FileLatch();
  return { start: (call) => call(awaitLatch, latch.dir), started: () => latch.started(), open: () => latch.open(), dispose: () => latch.dispose() };
}

const cases: ReadonlyArray<[string, InPool, ExecutorPool, () => Rendezvous]> = [
  ['inThread', inThread, THREAD_POOL, sharedRendezvous],
  ['inProcess', inProcess, PROCESS_POOL, fileRendezvous],
];

describe.each(cases)('%s.with({ signal })', (_name, call, pool, rendezvous) => {
  const opened: Rendezvous[] = [];
  afterEach(async () => {
    for (const latch of opened.splice(0)) {
      latch.open();
      latch.dispose();
    }
    await pool.shutdown({ wait: false });
    expect(childPids()).toEqual([]);
  });

  function running(signal?: AbortSignal): { task: Promise<number>; latch: Rendezvous } {
    pool.initialize({ maxWorkers: 1 });
    const latch = rendezvous();
    opened.push(latch);
    return { task: latch.start(signal === undefined ? call : call.with({ signal })), latch };
  }

  it('rejects with the reason of an already aborted signal before anything is sent', async () => {
    const reason = new Error('too late');
    await expect(call.with({ signal: AbortSignal.abort(reason) })(() => 1)).rejects.toBe(reason);
    await expect(call.with({ signal: AbortSignal.abort(reason) })(moduleTask('/nowhere.mjs', 'x'))).rejects.toBe(reason);
    expect(pool.initialized).toBe(false);
  });

  it('treats an option given as undefined as one not given: it keeps what was bound before', async () => {
    const reason = new Error('bound first');
    const bound = call.with({ signal: AbortSignal.abort(reason) });
    await expect(bound.with({ signal: undefined, transfer: undefined, transferResult: undefined })(() => 1)).rejects.toBe(reason);
    expect(await call.with({ signal: undefined, transfer: undefined })((x: number) => x + 1, 1)).toBe(2);
  });

  it('removes a waiting task at once (sent ahead to the busy thread, it is taken back) and rejects it with signal.reason', async () => {
    const { task, latch } = running();
    await latch.started();
    const [worker] = pool.pool.threads;
    const controller = new AbortController();
    const queued = call.with({ signal: controller.signal })(() => 'never');
    expect(pool.queued + pool.running).toBe(2);
    const reason = new Error('not needed');
    controller.abort(reason);
    await expect(queued).rejects.toBe(reason);
    expect([pool.queued, pool.running]).toEqual([0, 1]);
    // Taken back, not killed: the worker running the first task is still there.
    expect(pool.pool.threads).toEqual([worker]);
    latch.open();
    expect(await task).toBe(1);
  });

  it('ends and replaces the worker of a running task, which rejects with signal.reason', async () => {
    const controller = new AbortController();
    const { task, latch } = running(controller.signal);
    await latch.started();
    const [before] = pool.pool.threads;
    controller.abort('changed my mind');
    await expect(task).rejects.toBe('changed my mind');
    expect(await call(() => 'next')).toBe('next');
    expect(pool.pool.threads).toHaveLength(1);
    expect(pool.pool.threads[0]).not.toBe(before);
  });

  it('leaves other calls alone: a signal bound by .with applies only to calls made through it', async () => {
    const controller = new AbortController();
    const bound = call.with({ signal: controller.signal });
    controller.abort('stop');
    await expect(bound(() => 1)).rejects.toBe('stop');
    expect(await call(() => 2)).toBe(2);
    // Options bound later are merged over those bound before.
    await expect(bound.with({})(() => 3)).rejects.toBe('stop');
    expect(await bound.with({ signal: new AbortController().signal })(() => 4)).toBe(4);
  });
});

describe('.with({ transfer })', () => {
  afterEach(async () => {
    await Promise.all([THREAD_POOL.shutdown(), PROCESS_POOL.shutdown()]);
    expect(childPids()).toEqual([]);
  });

  it('moves the listed buffers to a thread (the caller\'s is detached), and copies them to a process', async () => {
    const moved = new ArrayBuffer(16);
    expect(await inThread.with({ transfer: [moved] })((b: ArrayBuffer) => b.byteLength, moved)).toBe(16);
    expect(moved.byteLength).toBe(0);
    const copied = new ArrayBuffer(16);
    expect(await inProcess.with({ transfer: [copied] })((b: ArrayBuffer) => b.byteLength, copied)).toBe(16);
    expect(copied.byteLength).toBe(16);
  });
});

describe('.with(options)', () => {
  it('checks its options at once, naming the one that is wrong', () => {
    expect(() => inThread.with({ signal: 'soon' as never })).toThrow(
      new TypeError('options.signal must be an AbortSignal or undefined (received "soon")'),
    );
    expect(() => inProcess.with(null as never)).toThrow(new TypeError('options must be an object or undefined (received null)'));
    expect(() => inThread.with({ transfer: 'all' as never })).toThrow(
      new TypeError('options.transfer must be an array of ArrayBuffers, views or MessagePorts (received "all")'),
    );
    expect(THREAD_POOL.initialized || PROCESS_POOL.initialized).toBe(false);
  });

  it('returns a caller of the same shape, which has .with too', () => {
    const bound = inThread.with({});
    expect(typeof bound).toBe('function');
    expect(typeof bound.with).toBe('function');
  });
});
