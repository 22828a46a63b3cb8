// The queue's events: when each fires, in what order, with what in it, and
// the EventTarget listener forms. Unhandled rejections fail a test through the
// shared guard (vitest.shared.ts).
import { describe, expect, it } from 'vitest';
import { track } from '@aiox/internal/track';
import { Queue } from './index';
import { deferred, flush } from '../test/helpers';

const never = (): Promise<never> => new Promise<never>(() => {});

const TYPES = ['active', 'completed', 'error', 'empty', 'idle'] as const;

/** Records every event of the queue, as `type` or `type:detail`. */
function record(queue: Queue): string[] {
  const log: string[] = [];
  for (const type of TYPES) {
    queue.addEventListener(type, (event: Event) => {
      expect(event.type).toBe(type);
      expect(event.target).toBe(queue);
      log.push(event instanceof CustomEvent ? `${type}:${String(event.detail)}` : type);
    });
  }
  return log;
}

describe('the events of a run', () => {
  it('come in order: active, completed, empty, active, error, idle', async () => {
    const queue = new Queue({ concurrency: 1 });
    const log = record(queue);
    const first = deferred<string>();
    const second = deferred<string>();
    const done = [queue.add(() => first.promise), track(queue.add(() => second.promise))];
    expect(log).toEqual(['active']);
    first.resolve('a');
    await done[0];
    expect(log).toEqual(['active', 'completed:a', 'empty', 'active']);
    second.reject('b');
    await flush();
    expect(log).toEqual(['active', 'completed:a', 'empty', 'active', 'error:b', 'idle']);
  });

  it('fire synchronously for a task that is done inside add', () => {
    const queue = new Queue();
    const log = record(queue);
    void queue.add(() => 1);
    expect(log).toEqual(['active', 'completed:1', 'idle']);
  });

  it('idle fires once per busy spell, and never on a queue that did nothing', async () => {
    const queue = new Queue({ concurrency: 2 });
    const log = record(queue);
    queue.resume();
    queue.concurrency = 3;
    await queue.onIdle();
    expect(log).toEqual([]);
    await Promise.all([queue.add(async () => 1), queue.add(async () => 2), queue.add(async () => 3)]);
    await flush();
    expect(log.filter((type) => type === 'idle')).toHaveLength(1);
    await queue.add(async () => 4);
    await flush();
    expect(log.filter((type) => type === 'idle')).toHaveLength(2);
  });
});

describe('active', () => {
  it('is an Event, fired as each task starts, before the task is called, with the task counted', async () => {
    const queue = new Queue({ concurrency: 2 });
    const log: string[] = [];
    queue.addEventListener('active', (event) => {
      expect(event).toBeInstanceOf(Event);
      expect(event).not.toBeInstanceOf(CustomEvent);
      log.push(`active (pending ${queue.pending})`);
    });
    const gate = deferred();
    const done = [0, 1, 2].map((index) =>
      queue.add(() => {
        log.push(`task ${index}`);
        return gate.promise;
      }),
    );
    expect(log).toEqual(['active (pending 1)', 'task 0', 'active (pending 2)', 'task 1']);
    gate.resolve();
    await Promise.all(done);
    expect(log.slice(4)).toEqual(['active (pending 2)', 'task 2']);
  });

  it('does not fire for a task that never starts', async () => {
    const queue = new Queue({ autoStart: false });
    let actives = 0;
    queue.addEventListener('active', () => actives++);
    const cleared = track(queue.add(() => 1));
    queue.clear();
    const controller = new AbortController();
    const aborted = track(queue.add(() => 1, { signal: controller.signal }));
    controller.abort();
    queue.resume();
    await flush();
    expect([cleared.status, aborted.status]).toEqual(['rejected', 'rejected']);
    expect(actives).toBe(0);
  });
});

describe('completed', () => {
  it('is a CustomEvent whose detail is the value (undefined shows as null, the DOM’s rule), after the task ended', async () => {
    const queue = new Queue();
    const details: unknown[] = [];
    queue.addEventListener('completed', (event) => {
      expect(event).toBeInstanceOf(CustomEvent);
      expect(queue.pending).toBe(0);
      details.push(event.detail);
    });
    const object = { value: 1 };
    await queue.add(() => 'sync');
    await queue.add(async () => object);
    await queue.add(() => undefined);
    expect(details).toEqual(['sync', object, null]);
    expect(details[1]).toBe(object);
  });

  it('does not fire for a task that fails', async () => {
    const queue = new Queue();
    let completed = 0;
    queue.addEventListener('completed', () => completed++);
    await expect(queue.add(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(completed).toBe(0);
  });
});

describe('error', () => {
  it('is a CustomEvent whose detail is the error: rejection, synchronous throw', async () => {
    const queue = new Queue();
    const details: unknown[] = [];
    queue.addEventListener('error', (event) => {
      expect(event).toBeInstanceOf(CustomEvent);
      details.push(event.detail);
    });
    const rejection = new Error('rejected');
    const thrown = new Error('thrown');
    await expect(queue.add(() => Promise.reject(rejection))).rejects.toBe(rejection);
    await expect(
      queue.add(() => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    expect(details).toEqual([rejection, thrown]);
  });

  it('fires for a running task let go by its timeout, its signal or the queue’s', async () => {
    const controller = new AbortController();
    const queueController = new AbortController();
    const queue = new Queue({ signal: queueController.signal });
    const details: unknown[] = [];
    queue.addEventListener('error', (event) => details.push(event.detail));
    const timedOut = queue.add(never, { timeout: 5 });
    await expect(timedOut).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(details).toHaveLength(1);
    expect(details[0]).toBeInstanceOf(DOMException);
    expect(details[0]).toMatchObject({ name: 'TimeoutError' });
    const own = track(queue.add(never, { signal: controller.signal }));
    const ownReason = new Error('own');
    controller.abort(ownReason);
    expect(details[1]).toBe(ownReason);
    const shared = track(queue.add(never));
    const queueReason = new Error('queue');
    queueController.abort(queueReason);
    expect(details[2]).toBe(queueReason);
    expect(details).toHaveLength(3);
    await flush();
    expect([own.status, shared.status]).toEqual(['rejected', 'rejected']);
  });

  it('does not fire for a task that never started, nor for bad input', async () => {
    const queue = new Queue({ autoStart: false });
    let errors = 0;
    queue.addEventListener('error', () => errors++);
    const cleared = track(queue.add(() => 1));
    queue.clear();
    const controller = new AbortController();
    const aborted = track(queue.add(() => 1, { signal: controller.signal }));
    controller.abort();
    await expect(queue.add(() => 1, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    await expect(queue.add(5 as unknown as () => number)).rejects.toThrow(TypeError);
    await flush();
    expect([cleared.status, aborted.status]).toEqual(['rejected', 'rejected']);
    expect(errors).toBe(0);
  });
});

describe('empty', () => {
  it('fires when the last queued task starts, while it still runs', async () => {
    const queue = new Queue({ concurrency: 1 });
    const log: string[] = [];
    queue.addEventListener('empty', () => log.push(`empty (size ${queue.size})`));
    const gates = [deferred(), deferred(), deferred()];
    const done = gates.map((gate, index) =>
      queue.add(async () => {
        log.push(`task ${index}`);
        await gate.promise;
      }),
    );
    gates[0]?.resolve();
    await flush();
    expect(log).toEqual(['task 0', 'task 1']);
    gates[1]?.resolve();
    await flush();
    expect(log).toEqual(['task 0', 'task 1', 'empty (size 0)', 'task 2']);
    expect(queue.pending).toBe(1);
    gates[2]?.resolve();
    await Promise.all(done);
    expect(log.filter((entry) => entry.startsWith('empty'))).toHaveLength(1);
  });

  it('fires when clear or an abort takes out the last queued tasks', async () => {
    const queue = new Queue({ autoStart: false });
    let empties = 0;
    queue.addEventListener('empty', () => empties++);
    const cleared = [track(queue.add(() => 1)), track(queue.add(() => 2))];
    queue.clear();
    expect(empties).toBe(1);
    const controller = new AbortController();
    const kept = queue.add(() => 'kept');
    const aborted = track(queue.add(() => 3, { signal: controller.signal }));
    controller.abort();
    expect(empties).toBe(1);
    queue.resume();
    expect(empties).toBe(2);
    await expect(kept).resolves.toBe('kept');
    await flush();
    expect([...cleared, aborted].map((task) => task.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });
});

describe('a listener that acts on the queue', () => {
  it('refilling the queue from empty keeps the concurrency bound and the order', async () => {
    const queue = new Queue({ concurrency: 1 });
    let running = 0;
    let most = 0;
    const started: string[] = [];
    const job = (name: string) => async () => {
      running++;
      most = Math.max(most, running);
      started.push(name);
      await flush();
      running--;
    };
    const refills: Promise<void>[] = [];
    queue.addEventListener('empty', () => {
      if (refills.length < 2) refills.push(queue.add(job(`refill ${refills.length}`)));
    });
    const done = [queue.add(job('a')), queue.add(job('b'))];
    await Promise.all(done);
    await queue.onIdle();
    await Promise.all(refills);
    expect(most).toBe(1);
    expect(started).toEqual(['a', 'b', 'refill 0', 'refill 1']);
  });

  it('aborting from empty the task being started: never called, no active for it', async () => {
    const queue = new Queue({ concurrency: 1 });
    const controller = new AbortController();
    const reason = new Error('from empty');
    const log: string[] = [];
    queue.addEventListener('active', () => log.push('active'));
    queue.addEventListener('empty', () => {
      log.push('empty');
      controller.abort(reason);
    });
    const first = deferred();
    const running = queue.add(() => first.promise);
    const last = track(queue.add(() => log.push('called'), { signal: controller.signal }));
    first.resolve();
    await running;
    await flush();
    expect(last).toMatchObject({ status: 'rejected', reason });
    expect(log).toEqual(['active', 'empty']);
    expect([queue.size, queue.pending]).toEqual([0, 0]);
  });

  it('clearing from empty does not make a queue with a task starting idle', async () => {
    const controller = new AbortController();
    const queue = new Queue({ concurrency: 1, signal: controller.signal });
    const log: string[] = [];
    const gate = deferred();
    queue.addEventListener('idle', () => log.push('idle'));
    queue.addEventListener('empty', () => {
      if (log.length === 0) {
        log.push('empty');
        void queue.add(() => 'refill').catch(() => log.push('refill cleared'));
        queue.clear();
      }
    });
    const first = deferred();
    const done = [queue.add(() => first.promise), track(queue.add(() => gate.promise))];
    first.resolve();
    await done[0];
    await flush();
    expect(log).toEqual(['empty', 'refill cleared']);
    expect(queue.pending).toBe(1);
    // The task that started is still under the queue's signal.
    const reason = new Error('stop');
    controller.abort(reason);
    await flush();
    expect(done[1]).toMatchObject({ status: 'rejected', reason });
    expect(log).toEqual(['empty', 'refill cleared', 'idle']);
  });
});

describe('idle', () => {
  it('fires after the last task ends, after its completed event', async () => {
    const queue = new Queue({ concurrency: 2 });
    const log = record(queue);
    const gates = [deferred<number>(), deferred<number>()];
    const done = gates.map((gate) => queue.add(() => gate.promise));
    gates[1]?.resolve(1);
    await done[1];
    expect(log).toEqual(['active', 'active', 'completed:1']);
    gates[0]?.resolve(0);
    await done[0];
    expect(log).toEqual(['active', 'active', 'completed:1', 'completed:0', 'idle']);
  });

  it('fires after clear of a paused queue', () => {
    const queue = new Queue({ autoStart: false });
    const log = record(queue);
    const cleared = track(queue.add(() => 1));
    queue.clear();
    expect(log).toEqual(['empty', 'idle']);
    expect(cleared.status).toBe('pending'); // settles a microtask later
  });

  it('fires when a timeout lets the last task go', async () => {
    const queue = new Queue();
    const log = record(queue);
    await expect(queue.add(never, { timeout: 5 })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(log).toEqual(['active', 'error:TimeoutError: The task did not settle within its timeout of 5 ms', 'idle']);
  });
});

describe('listeners', () => {
  it('may be objects with handleEvent, called with the object as this', async () => {
    const queue = new Queue();
    const seen: string[] = [];
    const listener = {
      name: 'object',
      handleEvent(this: { name: string }, event: Event) {
        seen.push(`${this.name} ${event.type}`);
      },
    };
    queue.addEventListener('active', listener);
    queue.addEventListener('completed', listener);
    queue.addEventListener('idle', listener);
    await queue.add(() => 1);
    expect(seen).toEqual(['object active', 'object completed', 'object idle']);
  });

  it('with once: true are called once', async () => {
    const queue = new Queue();
    let completed = 0;
    queue.addEventListener('completed', () => completed++, { once: true });
    await queue.add(() => 1);
    await queue.add(() => 2);
    expect(completed).toBe(1);
  });

  it('removed with removeEventListener are not called again; the others are', async () => {
    const queue = new Queue();
    const removed: unknown[] = [];
    const kept: unknown[] = [];
    const removedListener = (event: CustomEvent<unknown>) => removed.push(event.detail);
    const objectListener = { handleEvent: (event: Event) => removed.push(event.type) };
    queue.addEventListener('completed', removedListener);
    queue.addEventListener('completed', (event) => kept.push(event.detail));
    queue.addEventListener('idle', objectListener);
    await queue.add(() => 1);
    queue.removeEventListener('completed', removedListener);
    queue.removeEventListener('idle', objectListener);
    await queue.add(() => 2);
    expect(removed).toEqual([1, 'idle']);
    expect(kept).toEqual([1, 2]);
  });

  it('with a signal option go when it aborts', async () => {
    const queue = new Queue();
    const controller = new AbortController();
    let completed = 0;
    queue.addEventListener('completed', () => completed++, { signal: controller.signal });
    await queue.add(() => 1);
    controller.abort();
    await queue.add(() => 2);
    expect(completed).toBe(1);
  });

  it('added after tasks already ran, without any before, get the later events', async () => {
    const queue = new Queue({ concurrency: 1 });
    await queue.add(() => 'unheard');
    const log = record(queue);
    await queue.add(() => 'heard');
    expect(log).toEqual(['active', 'completed:heard', 'idle']);
  });

  it('of another type change nothing', async () => {
    const queue = new Queue();
    let other = 0;
    queue.addEventListener('something', () => other++);
    await expect(queue.add(() => 1)).resolves.toBe(1);
    expect(other).toBe(0);
  });
});
