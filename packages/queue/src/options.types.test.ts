import { describe, expectTypeOf, it } from 'vitest';
import { type AddOptions, type ListenerOptions, Queue, type QueueEventMap, type QueueListener, type QueueOptions, type QueueTask } from './index';

/* Type-level only; `tsc -p tsconfig.test.json` checks them, under the repo's exactOptionalPropertyTypes. */

const maybeSignal = undefined as AbortSignal | undefined;
const maybeNumber = undefined as number | undefined;
const queue = new Queue();

/** Type-checks calls that must not compile, without making them: they would throw or reject. */
function neverRun(_calls: () => void): void {}

describe('add and addAll', () => {
  it('give a promise of the awaited value', () => {
    expectTypeOf(queue.add(() => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(queue.add(async () => 'text')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(queue.add((): PromiseLike<boolean> => Promise.resolve(true))).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(queue.add((): number | Promise<number> => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(queue.add(() => {})).toEqualTypeOf<Promise<void>>();
    expectTypeOf(queue.add<Promise<number>>(() => Promise.resolve(1))).toEqualTypeOf<Promise<number>>();
    expectTypeOf(queue.add(() => 1, { priority: 2 })).toEqualTypeOf<Promise<number>>();
  });

  it('hand the task an AbortSignal', () => {
    void queue.add((signal) => {
      expectTypeOf(signal).toEqualTypeOf<AbortSignal>();
      return signal.aborted;
    });
    expectTypeOf<QueueTask<number>>().toEqualTypeOf<(signal: AbortSignal) => number | PromiseLike<number>>();
    expectTypeOf<Parameters<Queue['add']>[0]>().parameters.toEqualTypeOf<[AbortSignal]>();
  });

  it('addAll gives a promise of the awaited values, in an array', () => {
    expectTypeOf(queue.addAll([() => 1, async () => 2])).toEqualTypeOf<Promise<number[]>>();
    expectTypeOf(queue.addAll(new Set([async () => 'a']))).toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(queue.addAll([(): number | string => 1], { signal: maybeSignal })).toEqualTypeOf<Promise<(number | string)[]>>();
    const tasks: QueueTask<Promise<number>>[] = [];
    expectTypeOf(queue.addAll(tasks)).toEqualTypeOf<Promise<number[]>>();
  });

  it('refuse what is not a task', () => {
    neverRun(() => {
      // @ts-expect-error a task is a function
      void queue.add(42);
      // @ts-expect-error a task takes a signal, not a number
      void queue.add((n: number) => n);
      // @ts-expect-error addAll takes an iterable of tasks
      void queue.addAll(() => 1);
      // @ts-expect-error every item must be a task
      void queue.addAll([() => 1, 'two']);
    });
  });
});

describe('options types', () => {
  it('take an optional property given as undefined, as if it were absent', () => {
    expectTypeOf(queue.add).toBeCallableWith(() => 1, { priority: maybeNumber, signal: maybeSignal, timeout: maybeNumber });
    expectTypeOf(queue.addAll).toBeCallableWith([() => 1], { signal: maybeSignal });
    const queueOptions: QueueOptions = { concurrency: maybeNumber, autoStart: undefined, timeout: maybeNumber, signal: maybeSignal };
    expectTypeOf(queueOptions.signal).toEqualTypeOf<AbortSignal | undefined>();
    expectTypeOf<ConstructorParameters<typeof Queue>>().toEqualTypeOf<[options?: QueueOptions]>();
    const addOptions: AddOptions = { priority: 1, signal: maybeSignal };
    expectTypeOf(addOptions.priority).toEqualTypeOf<number | undefined>();
    expectTypeOf<Parameters<Queue['add']>[1]>().toEqualTypeOf<AddOptions | undefined>();
    expectTypeOf<Parameters<Queue['addAll']>[1]>().toEqualTypeOf<AddOptions | undefined>();
  });

  it('refuse wrong types and unknown options', () => {
    neverRun(() => {
      // @ts-expect-error concurrency is a number
      new Queue({ concurrency: '4' });
      // @ts-expect-error autoStart is a boolean
      new Queue({ autoStart: 1 });
      // @ts-expect-error timeout is a number of ms
      new Queue({ timeout: '5s' });
      // @ts-expect-error a string is not a signal
      new Queue({ signal: 'stop' });
      // @ts-expect-error p-queue's intervalCap is not an option here
      new Queue({ intervalCap: 1 });
      // @ts-expect-error priority is a number
      void queue.add(() => 1, { priority: 'high' });
      // @ts-expect-error a plain object is not a signal
      void queue.add(() => 1, { signal: {} });
      // @ts-expect-error timeout is a number of ms
      void queue.addAll([() => 1], { timeout: true });
      // @ts-expect-error p-queue's throwOnTimeout is not an option here
      void queue.add(() => 1, { throwOnTimeout: true });
    });
  });
});

describe('members', () => {
  it('are typed as the contract says', () => {
    expectTypeOf(queue.size).toEqualTypeOf<number>();
    expectTypeOf(queue.pending).toEqualTypeOf<number>();
    expectTypeOf(queue.paused).toEqualTypeOf<boolean>();
    expectTypeOf(queue.concurrency).toEqualTypeOf<number>();
    expectTypeOf(queue.onIdle()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(queue.onEmpty()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(queue.onSizeLessThan(1)).toEqualTypeOf<Promise<void>>();
    expectTypeOf(queue.pause()).toEqualTypeOf<void>();
    expectTypeOf(queue.resume()).toEqualTypeOf<void>();
    expectTypeOf(queue.clear()).toEqualTypeOf<void>();
    expectTypeOf(queue).toMatchTypeOf<EventTarget>();
  });

  it('let concurrency be set, and nothing else', () => {
    queue.concurrency = 4;
    expectTypeOf(queue.concurrency).toEqualTypeOf<number>();
    neverRun(() => {
      // @ts-expect-error size is read-only
      queue.size = 1;
      // @ts-expect-error pending is read-only
      queue.pending = 1;
      // @ts-expect-error paused is read-only: pause() and resume() change it
      queue.paused = true;
      // @ts-expect-error concurrency is a number
      queue.concurrency = '4';
      // @ts-expect-error onSizeLessThan takes a number
      void queue.onSizeLessThan('2');
    });
  });
});

describe('event listener types', () => {
  it('type each event of the queue', () => {
    queue.addEventListener('completed', (event) => {
      expectTypeOf(event).toEqualTypeOf<CustomEvent<unknown>>();
      expectTypeOf(event.detail).toEqualTypeOf<unknown>();
    });
    queue.addEventListener('error', (event) => expectTypeOf(event).toEqualTypeOf<CustomEvent<unknown>>());
    queue.addEventListener('active', (event) => expectTypeOf(event).toEqualTypeOf<Event>());
    queue.addEventListener('empty', (event) => expectTypeOf(event).toEqualTypeOf<Event>());
    queue.addEventListener('idle', (event) => expectTypeOf(event).toEqualTypeOf<Event>(), { once: true });
    queue.addEventListener('completed', {
      handleEvent(event) {
        expectTypeOf(event).toEqualTypeOf<CustomEvent<unknown>>();
      },
    });
    expectTypeOf<QueueEventMap['completed']>().toEqualTypeOf<CustomEvent<unknown>>();
    expectTypeOf<QueueEventMap['idle']>().toEqualTypeOf<Event>();
    expectTypeOf<keyof QueueEventMap>().toEqualTypeOf<'active' | 'completed' | 'error' | 'empty' | 'idle'>();
  });

  it('take any other type as a plain Event, as EventTarget does', () => {
    queue.addEventListener('something-else', (event) => expectTypeOf(event).toEqualTypeOf<Event>());
    queue.removeEventListener('something-else', null);
  });

  it('remove a listener typed the same way', () => {
    const listener: QueueListener<CustomEvent<unknown>> = (event) => {
      expectTypeOf(event.detail).toEqualTypeOf<unknown>();
    };
    queue.addEventListener('completed', listener);
    queue.removeEventListener('completed', listener);
    queue.removeEventListener('completed', listener, { capture: false });
    const options: ListenerOptions = { once: true, signal: new AbortController().signal };
    queue.addEventListener('idle', () => {}, options);
  });

  it('refuse a listener of the wrong event', () => {
    neverRun(() => {
      const onCustom = (event: CustomEvent<number>): void => void event.detail;
      // @ts-expect-error `active` is a plain Event, with no detail
      queue.addEventListener('active', onCustom);
      // @ts-expect-error a listener is a function or an object with handleEvent
      queue.addEventListener('completed', 42);
    });
  });
});
