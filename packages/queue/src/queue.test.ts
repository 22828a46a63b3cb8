// The queue's behaviour through its public API: order, the concurrency bound,
// pause and resume, clear, the waits and addAll. Unhandled rejections fail a
// test through the shared guard (vitest.shared.ts).
import { describe, expect, it } from 'vitest';
import { track } from '@aiox/internal/track';
import { Queue } from './index';
import { type Deferred, deferred, flush } from '../test/helpers';

/** A queue paused, filled with one task per priority, then resumed: the order the tasks started in. */
async function startOrder(priorities: readonly number[]): Promise<number[]> {
  const queue = new Queue({ concurrency: 1, autoStart: false });
  const started: number[] = [];
  const done = priorities.map((priority, index) =>
    queue.add(
      () => {
        started.push(index);
      },
      { priority },
    ),
  );
  expect(started).toEqual([]);
  queue.resume();
  await Promise.all(done);
  return started;
}

/** Indexes sorted by priority, highest first, equal ones in index order. */
function expectedOrder(priorities: readonly number[]): number[] {
  return priorities
    .map((priority, index) => ({ priority, index }))
    .sort((a, b) => (a.priority === b.priority ? a.index - b.index : b.priority > a.priority ? 1 : -1))
    .map(({ index }) => index);
}

describe('a new queue', () => {
  it('has no bound, is not paused, and holds nothing', () => {
    const queue = new Queue();
    expect(queue.concurrency).toBe(Infinity);
    expect(queue.paused).toBe(false);
    expect(queue.size).toBe(0);
    expect(queue.pending).toBe(0);
    expect(queue).toBeInstanceOf(EventTarget);
  });

  it('takes undefined options as the defaults', () => {
    const queue = new Queue({ concurrency: undefined, autoStart: undefined, timeout: undefined, signal: undefined });
    expect(queue.concurrency).toBe(Infinity);
    expect(queue.paused).toBe(false);
  });

  it('keeps the concurrency it was given', () => {
    expect(new Queue({ concurrency: 3 }).concurrency).toBe(3);
    expect(new Queue({ concurrency: Infinity }).concurrency).toBe(Infinity);
  });
});

describe('starting a task', () => {
  it('calls the task synchronously inside add when a slot is free', () => {
    const queue = new Queue({ concurrency: 1 });
    const calls: string[] = [];
    const gate = deferred();
    void queue.add(() => {
      calls.push('first');
      return gate.promise;
    });
    calls.push('after add');
    expect(calls).toEqual(['first', 'after add']);
    expect(queue.pending).toBe(1);
    expect(queue.size).toBe(0);
    gate.resolve();
  });

  it('queues a task when no slot is free, and starts it when one frees', async () => {
    const queue = new Queue({ concurrency: 1 });
    const gate = deferred();
    const calls: string[] = [];
    const first = queue.add(() => gate.promise);
    const second = queue.add(() => {
      calls.push('second');
      return 'second';
    });
    expect(calls).toEqual([]);
    expect(queue.size).toBe(1);
    expect(queue.pending).toBe(1);
    gate.resolve();
    await first;
    expect(calls).toEqual(['second']);
    await expect(second).resolves.toBe('second');
    expect(queue.size).toBe(0);
    expect(queue.pending).toBe(0);
  });

  it('gives every task a live AbortSignal, whatever its options', async () => {
    const controller = new AbortController();
    const queue = new Queue({ signal: new AbortController().signal });
    const signals: AbortSignal[] = [];
    const task = (signal: AbortSignal) => {
      signals.push(signal);
      return signal.aborted;
    };
    const plain = new Queue();
    const results = await Promise.all([
      plain.add(task),
      plain.add(task, { timeout: 1000 }),
      plain.add(task, { signal: controller.signal }),
      queue.add(task),
      queue.add(task, { signal: controller.signal, timeout: 1000 }),
    ]);
    expect(results).toEqual([false, false, false, false, false]);
    expect(signals).toHaveLength(5);
    for (const signal of signals) expect(signal).toBeInstanceOf(AbortSignal);
  });

  it('resolves with a plain value returned synchronously', async () => {
    const queue = new Queue();
    await expect(queue.add(() => 42)).resolves.toBe(42);
    await expect(queue.add(() => undefined)).resolves.toBeUndefined();
    const object = { a: 1 };
    await expect(queue.add(() => object)).resolves.toBe(object);
  });

  it('resolves with the value of a returned promise, and rejects with its error', async () => {
    const queue = new Queue();
    await expect(queue.add(async () => 'async')).resolves.toBe('async');
    const error = new Error('async failure');
    await expect(queue.add(() => Promise.reject(error))).rejects.toBe(error);
  });

  it('follows a non-native thenable, settled at once or later', async () => {
    const queue = new Queue({ concurrency: 1 });
    const now: PromiseLike<string> = {
      then(onFulfilled) {
        return Promise.resolve(onFulfilled?.('now'));
      },
    } as PromiseLike<string>;
    let settle: ((value: string) => void) | undefined;
    const later = {
      then(onFulfilled: (value: string) => void) {
        settle = onFulfilled;
      },
    } as unknown as PromiseLike<string>;
    const error = new Error('thenable failure');
    const failing = {
      then(_onFulfilled: unknown, onRejected: (reason: unknown) => void) {
        onRejected(error);
      },
    } as unknown as PromiseLike<string>;
    await expect(queue.add(() => now)).resolves.toBe('now');
    const pending = track(queue.add(() => later));
    const behind = track(queue.add(() => 'behind'));
    await flush();
    expect(pending.status).toBe('pending');
    expect(queue.pending).toBe(1);
    expect(behind.status).toBe('pending');
    settle?.('later');
    await flush();
    expect(pending).toMatchObject({ status: 'fulfilled', value: 'later' });
    expect(behind).toMatchObject({ status: 'fulfilled', value: 'behind' });
    await expect(queue.add(() => failing)).rejects.toBe(error);
    expect(queue.pending).toBe(0);
  });

  it('rejects when reading a returned object’s then throws', async () => {
    const queue = new Queue();
    const error = new Error('then getter');
    const hostile = {
      get then(): never {
        throw error;
      },
    };
    await expect(queue.add(() => hostile)).rejects.toBe(error);
    expect(queue.pending).toBe(0);
    await expect(queue.add(() => 'next')).resolves.toBe('next');
  });
});

describe('priority', () => {
  it('starts higher priorities first', async () => {
    expect(await startOrder([0, 5, 1, 10, -1])).toEqual([3, 1, 2, 0, 4]);
  });

  it('starts equal priorities in the order added', async () => {
    expect(await startOrder([1, 1, 1, 1, 1])).toEqual([0, 1, 2, 3, 4]);
    expect(await startOrder([0, 2, 0, 2, 0, 2])).toEqual([1, 3, 5, 0, 2, 4]);
  });

  it('orders negative, fractional and infinite priorities, -0 as 0', async () => {
    const priorities = [0, -Infinity, 0.5, -1.5, Infinity, 0.25, -0, 1e308, -1e-9, Infinity, -Infinity, 0];
    const order = await startOrder(priorities);
    expect(order).toEqual([4, 9, 7, 2, 5, 0, 6, 11, 8, 3, 1, 10]);
    expect(order).toEqual(expectedOrder(priorities));
  });

  it('defaults to priority 0', async () => {
    const queue = new Queue({ concurrency: 1, autoStart: false });
    const started: string[] = [];
    const job = (name: string) => () => {
      started.push(name);
    };
    const done = [
      queue.add(job('low'), { priority: -1 }),
      queue.add(job('default')),
      queue.add(job('undefined'), { priority: undefined }),
      queue.add(job('high'), { priority: 1 }),
      queue.add(job('zero'), { priority: 0 }),
    ];
    queue.resume();
    await Promise.all(done);
    expect(started).toEqual(['high', 'default', 'undefined', 'zero', 'low']);
  });

  it('puts a later, higher task before the queued ones, but never before one running', async () => {
    const queue = new Queue({ concurrency: 1 });
    const gate = deferred();
    const started: string[] = [];
    const job = (name: string) => () => {
      started.push(name);
    };
    const first = queue.add(() => {
      started.push('running');
      return gate.promise;
    });
    const others = [queue.add(job('a')), queue.add(job('b'), { priority: 1 })];
    await flush();
    others.push(queue.add(job('c'), { priority: 2 }), queue.add(job('d')));
    expect(started).toEqual(['running']);
    gate.resolve();
    await Promise.all([first, ...others]);
    expect(started).toEqual(['running', 'c', 'b', 'a', 'd']);
  });

  it('keeps the order over many interleaved priorities', async () => {
    // A fixed pseudo-random sequence (a linear congruential generator).
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const priorities = Array.from({ length: 300 }, () => (next() % 11) - 5);
    expect(await startOrder(priorities)).toEqual(expectedOrder(priorities));
  });

  it('keeps the order when tasks of a priority come and go while others wait', async () => {
    const queue = new Queue({ concurrency: 1 });
    const started: string[] = [];
    const gates: Deferred<void>[] = [];
    const job = (name: string) => () => {
      started.push(name);
      const gate = deferred();
      gates.push(gate);
      return gate.promise;
    };
    const done = [queue.add(job('run')), queue.add(job('p1-a'), { priority: 1 }), queue.add(job('p3'), { priority: 3 })];
    // p3 starts next, then p1-a: p2 added in between goes before p1-a.
    gates.shift()?.resolve();
    await flush();
    expect(started).toEqual(['run', 'p3']);
    done.push(queue.add(job('p2'), { priority: 2 }), queue.add(job('p1-b'), { priority: 1 }));
    gates.shift()?.resolve();
    await flush();
    done.push(queue.add(job('p3-again'), { priority: 3 }));
    for (let step = 0; step < 4; step++) {
      gates.shift()?.resolve();
      await flush();
    }
    await Promise.all(done);
    expect(started).toEqual(['run', 'p3', 'p2', 'p3-again', 'p1-a', 'p1-b']);
  });
});

describe('the concurrency bound', () => {
  it('never runs more tasks at once than concurrency, and reaches it', async () => {
    const queue = new Queue({ concurrency: 3 });
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        queue.add(async () => {
          running++;
          most = Math.max(most, running);
          expect(queue.pending).toBeLessThanOrEqual(3);
          for (let turn = 0; turn < index % 5; turn++) await null;
          running--;
          return index;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(results).toEqual(Array.from({ length: 40 }, (_, index) => index));
  });

  it('starts everything at once with Infinity', () => {
    const queue = new Queue();
    const gate = deferred();
    let called = 0;
    for (let index = 0; index < 100; index++) {
      void queue.add(() => {
        called++;
        return gate.promise;
      });
    }
    expect(called).toBe(100);
    expect(queue.pending).toBe(100);
    expect(queue.size).toBe(0);
    gate.resolve();
  });

  it('reports size and pending as tasks start and end', async () => {
    const queue = new Queue({ concurrency: 2 });
    const gates = Array.from({ length: 5 }, () => deferred<number>());
    const done = gates.map((gate) => queue.add(() => gate.promise));
    expect([queue.size, queue.pending]).toEqual([3, 2]);
    gates[0]?.resolve(0);
    await flush();
    expect([queue.size, queue.pending]).toEqual([2, 2]);
    gates[2]?.resolve(2);
    gates[1]?.resolve(1);
    await flush();
    expect([queue.size, queue.pending]).toEqual([0, 2]);
    gates[3]?.resolve(3);
    await flush();
    expect([queue.size, queue.pending]).toEqual([0, 1]);
    gates[4]?.resolve(4);
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3, 4]);
    expect([queue.size, queue.pending]).toEqual([0, 0]);
  });

  it('frees a slot when a task fails', async () => {
    const queue = new Queue({ concurrency: 1 });
    const error = new Error('fails');
    const failing = queue.add(async () => {
      await null;
      throw error;
    });
    const next = queue.add(() => 'next');
    await expect(failing).rejects.toBe(error);
    await expect(next).resolves.toBe('next');
  });
});

describe('the concurrency setter', () => {
  it('starts queued tasks at once, synchronously, when raised, in priority order', () => {
    const queue = new Queue({ concurrency: 1 });
    const gate = deferred();
    const started: string[] = [];
    const job = (name: string) => () => {
      started.push(name);
      return gate.promise;
    };
    void queue.add(job('first'));
    void queue.add(job('a'));
    void queue.add(job('b'), { priority: 1 });
    void queue.add(job('c'));
    void queue.add(job('d'));
    expect(started).toEqual(['first']);
    queue.concurrency = 3;
    expect(queue.concurrency).toBe(3);
    expect(started).toEqual(['first', 'b', 'a']);
    expect([queue.size, queue.pending]).toEqual([2, 3]);
    queue.concurrency = Infinity;
    expect(started).toEqual(['first', 'b', 'a', 'c', 'd']);
    expect([queue.size, queue.pending]).toEqual([0, 5]);
    gate.resolve();
  });

  it('when lowered, lets running tasks finish and starts none until fewer than the new value run', async () => {
    const queue = new Queue({ concurrency: 3 });
    const gates = Array.from({ length: 6 }, () => deferred());
    const started: number[] = [];
    const done = gates.map((gate, index) =>
      queue.add(() => {
        started.push(index);
        return gate.promise;
      }),
    );
    expect(started).toEqual([0, 1, 2]);
    queue.concurrency = 1;
    expect(queue.concurrency).toBe(1);
    expect(queue.pending).toBe(3);
    gates[0]?.resolve();
    await flush();
    expect(started).toEqual([0, 1, 2]);
    expect(queue.pending).toBe(2);
    gates[1]?.resolve();
    await flush();
    expect(started).toEqual([0, 1, 2]);
    expect(queue.pending).toBe(1);
    gates[2]?.resolve();
    await flush();
    expect(started).toEqual([0, 1, 2, 3]);
    expect(queue.pending).toBe(1);
    gates[3]?.resolve();
    await flush();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    gates[4]?.resolve();
    gates[5]?.resolve();
    await Promise.all(done);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('starts nothing while paused, even when raised', () => {
    const queue = new Queue({ concurrency: 1, autoStart: false });
    let called = 0;
    const task = () => {
      called++;
    };
    void queue.add(task);
    void queue.add(task);
    queue.concurrency = 5;
    expect(called).toBe(0);
    expect(queue.size).toBe(2);
    queue.resume();
    expect(called).toBe(2);
  });
});

describe('pause and resume', () => {
  it('autoStart: false makes a paused queue that starts on resume, synchronously', async () => {
    const queue = new Queue({ autoStart: false, concurrency: 2 });
    expect(queue.paused).toBe(true);
    const started: number[] = [];
    const done = [0, 1, 2].map((index) =>
      queue.add(() => {
        started.push(index);
        return index;
      }),
    );
    await flush();
    expect(started).toEqual([]);
    expect(queue.size).toBe(3);
    queue.resume();
    expect(queue.paused).toBe(false);
    expect(started).toEqual([0, 1, 2]);
    expect(await Promise.all(done)).toEqual([0, 1, 2]);
  });

  it('resume starts only as many as concurrency allows', () => {
    const queue = new Queue({ autoStart: false, concurrency: 2 });
    const gate = deferred();
    let called = 0;
    for (let index = 0; index < 5; index++) {
      void queue.add(() => {
        called++;
        return gate.promise;
      });
    }
    queue.resume();
    expect(called).toBe(2);
    expect([queue.size, queue.pending]).toEqual([3, 2]);
    gate.resolve();
  });

  it('pause lets running tasks finish and starts no queued one until resume', async () => {
    const queue = new Queue({ concurrency: 1 });
    const gate = deferred<string>();
    const started: string[] = [];
    const running = queue.add(() => {
      started.push('running');
      return gate.promise;
    });
    const queued = track(
      queue.add(() => {
        started.push('queued');
        return 'queued';
      }),
    );
    queue.pause();
    queue.pause();
    expect(queue.paused).toBe(true);
    gate.resolve('running');
    await expect(running).resolves.toBe('running');
    await flush();
    expect(started).toEqual(['running']);
    expect(queued.status).toBe('pending');
    expect([queue.size, queue.pending]).toEqual([1, 0]);
    // A task added while paused waits too, even with a free slot.
    const added = track(queue.add(() => 'added'));
    await flush();
    expect(added.status).toBe('pending');
    queue.resume();
    expect(started).toEqual(['running', 'queued']);
    await flush();
    expect(queued).toMatchObject({ status: 'fulfilled', value: 'queued' });
    expect(added).toMatchObject({ status: 'fulfilled', value: 'added' });
  });

  it('resume on a queue not paused changes nothing', async () => {
    const queue = new Queue({ concurrency: 1 });
    queue.resume();
    expect(queue.paused).toBe(false);
    await expect(queue.add(() => 1)).resolves.toBe(1);
  });
});

describe('clear', () => {
  it('rejects queued tasks with an AbortError DOMException; running ones go on and resolve', async () => {
    const queue = new Queue({ concurrency: 2 });
    const gates = [deferred<string>(), deferred<string>()];
    let queuedCalls = 0;
    const running = gates.map((gate) => queue.add(() => gate.promise));
    const queued = [1, 2, 3].map(() =>
      track(
        queue.add(() => {
          queuedCalls++;
        }),
      ),
    );
    expect(queue.size).toBe(3);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.pending).toBe(2);
    await flush();
    for (const task of queued) {
      expect(task.status).toBe('rejected');
      expect(task.reason).toBeInstanceOf(DOMException);
      expect(task.reason).toMatchObject({ name: 'AbortError' });
    }
    gates[0]?.resolve('a');
    gates[1]?.resolve('b');
    expect(await Promise.all(running)).toEqual(['a', 'b']);
    await flush();
    expect(queuedCalls).toBe(0);
    expect(queue.pending).toBe(0);
  });

  it('does nothing on an empty queue, and leaves the queue usable', async () => {
    const queue = new Queue({ concurrency: 1 });
    queue.clear();
    const gate = deferred();
    const running = queue.add(() => gate.promise);
    queue.clear();
    expect(queue.pending).toBe(1);
    const cleared = queue.add(() => 'cleared');
    queue.clear();
    await expect(cleared).rejects.toMatchObject({ name: 'AbortError' });
    gate.resolve();
    await running;
    await expect(queue.add(() => 'after')).resolves.toBe('after');
  });

  it('takes out the tasks of a paused queue, which then never run', async () => {
    const queue = new Queue({ autoStart: false });
    let called = 0;
    const tasks = [0, 1].map(() =>
      queue.add(() => {
        called++;
      }),
    );
    queue.clear();
    queue.resume();
    const results = await Promise.allSettled(tasks);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(called).toBe(0);
  });
});

describe('onEmpty, onIdle and onSizeLessThan', () => {
  it('resolve at once when already true', async () => {
    const fresh = new Queue();
    const checks = [track(fresh.onEmpty()), track(fresh.onIdle()), track(fresh.onSizeLessThan(1))];
    // A task running with nothing queued: empty, not idle.
    const busy = new Queue({ concurrency: 1 });
    const gate = deferred();
    const running = busy.add(() => gate.promise);
    const empty = track(busy.onEmpty());
    const idle = track(busy.onIdle());
    const small = track(busy.onSizeLessThan(1));
    await flush();
    for (const check of checks) expect(check.status).toBe('fulfilled');
    expect(empty.status).toBe('fulfilled');
    expect(small.status).toBe('fulfilled');
    expect(idle.status).toBe('pending');
    gate.resolve();
    await running;
    await flush();
    expect(idle.status).toBe('fulfilled');
    // Idle again: at once.
    const again = track(busy.onIdle());
    await flush();
    expect(again.status).toBe('fulfilled');
  });

  it('onEmpty resolves when the last queued task starts, while tasks still run', async () => {
    const queue = new Queue({ concurrency: 1 });
    const gates = [deferred(), deferred(), deferred()];
    const done = gates.map((gate) => queue.add(() => gate.promise));
    const first = track(queue.onEmpty());
    const second = track(queue.onEmpty());
    gates[0]?.resolve();
    await flush();
    expect(queue.size).toBe(1);
    expect(first.status).toBe('pending');
    gates[1]?.resolve();
    await flush();
    expect(queue.size).toBe(0);
    expect(queue.pending).toBe(1);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('fulfilled');
    gates[2]?.resolve();
    await Promise.all(done);
  });

  it('onIdle resolves only once nothing is queued and nothing runs', async () => {
    const queue = new Queue({ concurrency: 2 });
    const gates = [deferred(), deferred(), deferred()];
    const done = gates.map((gate) => queue.add(() => gate.promise));
    const idle = track(queue.onIdle());
    gates[0]?.resolve();
    await flush();
    expect(idle.status).toBe('pending');
    gates[2]?.resolve();
    await flush();
    expect(idle.status).toBe('pending');
    expect([queue.size, queue.pending]).toEqual([0, 1]);
    gates[1]?.resolve();
    await Promise.all(done);
    await flush();
    expect(idle.status).toBe('fulfilled');
  });

  it('onSizeLessThan resolves once fewer than limit tasks are queued', async () => {
    const queue = new Queue({ concurrency: 1 });
    const gates = Array.from({ length: 5 }, () => deferred());
    const done = gates.map((gate) => queue.add(() => gate.promise));
    expect(queue.size).toBe(4);
    const belowFive = track(queue.onSizeLessThan(5));
    const belowTwo = track(queue.onSizeLessThan(2));
    const belowOne = track(queue.onSizeLessThan(1));
    await flush();
    expect(belowFive.status).toBe('fulfilled');
    expect(belowTwo.status).toBe('pending');
    gates[0]?.resolve();
    gates[1]?.resolve();
    await flush();
    expect(queue.size).toBe(2);
    expect(belowTwo.status).toBe('pending');
    gates[2]?.resolve();
    await flush();
    expect(queue.size).toBe(1);
    expect(belowTwo.status).toBe('fulfilled');
    expect(belowOne.status).toBe('pending');
    gates[3]?.resolve();
    await flush();
    expect(belowOne.status).toBe('fulfilled');
    gates[4]?.resolve();
    await Promise.all(done);
  });

  it('onIdle and onEmpty resolve after clear of a paused queue', async () => {
    const queue = new Queue({ autoStart: false });
    const cleared = [queue.add(() => 1), queue.add(() => 2)].map((task) => track(task));
    const idle = track(queue.onIdle());
    const empty = track(queue.onEmpty());
    const small = track(queue.onSizeLessThan(1));
    await flush();
    expect([idle.status, empty.status, small.status]).toEqual(['pending', 'pending', 'pending']);
    queue.clear();
    await flush();
    expect([idle.status, empty.status, small.status]).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(cleared.map((task) => task.status)).toEqual(['rejected', 'rejected']);
    expect(queue.paused).toBe(true);
  });

  it('onIdle after clear waits for the tasks still running', async () => {
    const queue = new Queue({ concurrency: 1 });
    const gate = deferred();
    const running = queue.add(() => gate.promise);
    const cleared = track(queue.add(() => 'never'));
    const idle = track(queue.onIdle());
    queue.clear();
    await flush();
    expect(cleared.status).toBe('rejected');
    expect(idle.status).toBe('pending');
    gate.resolve();
    await running;
    await flush();
    expect(idle.status).toBe('fulfilled');
  });
});

describe('addAll', () => {
  it('fulfills with every value in the order of the tasks, whatever order they end in', async () => {
    const queue = new Queue({ concurrency: 3 });
    const gates = Array.from({ length: 5 }, () => deferred<string>());
    const all = track(queue.addAll(gates.map((gate) => () => gate.promise)));
    expect([queue.size, queue.pending]).toEqual([2, 3]);
    for (const index of [2, 0, 4, 1, 3]) {
      gates[index]?.resolve(`value ${index}`);
      await flush();
    }
    expect(all).toMatchObject({
      status: 'fulfilled',
      value: ['value 0', 'value 1', 'value 2', 'value 3', 'value 4'],
    });
  });

  it('takes any iterable, read once, and an empty one', async () => {
    const queue = new Queue();
    function* tasks() {
      yield () => 'a';
      yield async () => 'b';
    }
    await expect(queue.addAll(tasks())).resolves.toEqual(['a', 'b']);
    await expect(queue.addAll(new Set([() => 1]))).resolves.toEqual([1]);
    await expect(queue.addAll([])).resolves.toEqual([]);
  });

  it('queues the tasks in order, with the options given to each', async () => {
    const queue = new Queue({ concurrency: 1, autoStart: false });
    const started: string[] = [];
    const job = (name: string) => () => {
      started.push(name);
      return name;
    };
    const low = queue.add(job('low'));
    const all = queue.addAll([job('x'), job('y'), job('z')], { priority: 1 });
    queue.resume();
    await expect(all).resolves.toEqual(['x', 'y', 'z']);
    await low;
    expect(started).toEqual(['x', 'y', 'z', 'low']);
  });

  it('rejects with the first rejection, while the others still run and settle', async () => {
    const queue = new Queue({ concurrency: 2 });
    const first = new Error('first');
    const second = new Error('second');
    const gates = [deferred<string>(), deferred<string>(), deferred<string>(), deferred<string>()];
    const ended: string[] = [];
    const all = track(
      queue.addAll(
        gates.map((gate, index) => async () => {
          try {
            return await gate.promise;
          } finally {
            ended.push(`task ${index}`);
          }
        }),
      ),
    );
    gates[1]?.reject(first);
    await flush();
    expect(all).toMatchObject({ status: 'rejected', reason: first });
    // The rest go on: one more rejection, handled, and two values.
    gates[0]?.reject(second);
    gates[2]?.resolve('two');
    gates[3]?.resolve('three');
    await queue.onIdle();
    expect(ended.sort()).toEqual(['task 0', 'task 1', 'task 2', 'task 3']);
    expect(all.reason).toBe(first);
  });
});
