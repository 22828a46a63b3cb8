// Options given as undefined are options left out: they keep what was bound before.
import { describe, expect, it } from 'vitest';
import { generateInProcess, generateInThread } from './index';
import { RUNTIMES, shutDownPoolsAfterAll } from './testing/helpers';

shutDownPoolsAfterAll();

function* echo(): Generator<unknown, void, unknown> {
  let got: unknown;
  for (let i = 0; i < 3; i++) got = yield got ?? i;
}

describe.each(RUNTIMES)('generate options in %s', (runtime) => {
  const generate = runtime === 'worker_threads' ? generateInThread : generateInProcess;

  it('undefined everywhere is the default: lazy, no signal', async () => {
    const gen = generate.with({ signal: undefined, batchSize: undefined, readAhead: undefined })(echo);
    expect(await gen.next()).toEqual({ value: 0, done: false });
    // Lazy: next(v) reaches the yield.
    expect(await gen.next('sent')).toEqual({ value: 'sent', done: false });
    await gen.return();
  });

  it('undefined does not unbind what was bound before', async () => {
    const batched = generate.with({ batchSize: 2 }).with({ batchSize: undefined, readAhead: undefined })(echo);
    expect(await batched.next()).toEqual({ value: 0, done: false });
    // Still read-ahead: next(v) is refused.
    await expect(batched.next('sent')).rejects.toThrow(TypeError);
    await batched.return();

    const controller = new AbortController();
    const watched = generate.with({ signal: controller.signal }).with({ signal: undefined })(echo);
    expect(await watched.next()).toEqual({ value: 0, done: false });
    controller.abort(new Error('still watched'));
    await expect(watched.next()).rejects.toThrow('still watched');
  });
});
