import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { collect, forceLoopCycle, type Task } from './index';
import { sleep, tracked, untilAborted } from './test-support';

describe('collect: fail fast', () => {
  it('rejects with the first error at once, while earlier items are still pending', async () => {
    const signals: AbortSignal[] = [];
    const error = new Error('boom');
    const { state, source } = tracked<unknown>([
      (signal) => {
        signals.push(signal);
        return untilAborted(signal);
      },
      async () => {
        await sleep(1);
        throw error;
      },
      () => 'never started',
      () => 'never started',
    ]);
    await expect(collect(source, { workers: 2 })).rejects.toBe(error);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toBe(error);
    expect(state).toEqual({ pulled: 2, closed: true });
  });

  it('counts a thunk that throws synchronously as its task failing', async () => {
    const error = new TypeError('sync');
    let aborted = false;
    const result = collect<unknown>([
      (signal) => {
        signal.addEventListener('abort', () => (aborted = true));
        return sleep(50);
      },
      () => {
        throw error;
      },
    ]);
    await expect(result).rejects.toBe(error);
    expect(aborted).toBe(true);
  });

  it('stops pulling after a failure and closes an async source', async () => {
    let pulled = 0;
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; i < 100; i++) {
          pulled++;
          yield async () => {
            await sleep(1);
            if (i === 3) throw new Error('three');
            return i;
          };
        }
      } finally {
        closed = true;
      }
    }
    await expect(collect(source(), { workers: 2 })).rejects.toThrow('three');
    await forceLoopCycle();
    expect(closed).toBe(true);
    expect(pulled).toBeLessThanOrEqual(6);
  });

  it('rejects with an error thrown by the source, and does not close it', async () => {
    const error = new Error('source broke');
    let returned = false;
    const source: Iterable<Task<number>> = {
      [Symbol.iterator]: () => {
        let i = 0;
        return {
          next: () => {
            if (i === 2) throw error;
            return { done: false, value: () => i++ };
          },
          return: () => {
            returned = true;
            return { done: true, value: undefined };
          },
        };
      },
    };
    await expect(collect(source)).rejects.toBe(error);
    expect(returned).toBe(false);

    async function* failing() {
      yield () => 1;
      throw error;
    }
    await expect(collect(failing())).rejects.toBe(error);
    const opening = {
      [Symbol.iterator]: () => {
        throw error;
      },
    };
    await expect(collect(opening)).rejects.toBe(error);
  });

  it('rejects with a TypeError when the source breaks the iterator protocol', async () => {
    const source = { [Symbol.iterator]: () => ({ next: () => 42 }) } as unknown as Iterable<Task<number>>;
    await expect(collect(source)).rejects.toThrow(TypeError);
    const notAnIterator = { [Symbol.iterator]: () => 42 } as unknown as Iterable<Task<number>>;
    await expect(collect(notAnIterator)).rejects.toThrow(TypeError);
  });
});

describe('collect: the caller signal', () => {
  it('rejects with signal.reason mid-way, aborts the tasks and closes the source', async () => {
    const controller = new AbortController();
    const taskSignals: AbortSignal[] = [];
    let calls = 0;
    const { state, source } = tracked<unknown>(
      Array.from({ length: 10 }, () => (signal: AbortSignal) => {
        calls++;
        taskSignals.push(signal);
        return untilAborted(signal);
      }),
    );
    const result = collect(source, { workers: 3, signal: controller.signal });
    await forceLoopCycle();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(result).rejects.toBe(reason);
    expect(taskSignals[0]?.aborted).toBe(true);
    expect(taskSignals[0]?.reason).toBe(reason);
    expect(state).toEqual({ pulled: 3, closed: true });
    await forceLoopCycle();
    expect(calls).toBe(3);
  });

  it('rejects with signal.reason at once when already aborted, without reading the source', async () => {
    const reason = new Error('already');
    let opened = false;
    const source = {
      [Symbol.iterator]() {
        opened = true;
        return [][Symbol.iterator]();
      },
    };
    await expect(collect(source, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    const asyncSource = {
      [Symbol.asyncIterator]() {
        opened = true;
        return (async function* () {})();
      },
    };
    await expect(collect(asyncSource, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(opened).toBe(false);
  });

  it('removes its abort listener once settled, whatever the outcome', async () => {
    const controller = new AbortController();
    const { signal } = controller;
    await collect([async () => 1], { signal });
    await expect(collect([() => Promise.reject(new Error('x'))], { signal })).rejects.toThrow('x');
    await collect((async function* () {
      yield () => 1;
    })(), { signal });
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});
