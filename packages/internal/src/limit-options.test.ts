import { describe, expect, it } from 'vitest';
import { readAcquireSignal, readSignalOption } from './index';

// The semaphores and the rate limiters (in process and on Redis) read a
// wait's signal with one function, so they agree on an already aborted
// signal and word a bad one the same way.
describe.each([
  ['readAcquireSignal', readAcquireSignal],
  ['readSignalOption', readSignalOption],
])('%s', (_name, read) => {
  it('returns the signal, or undefined without one', () => {
    const { signal } = new AbortController();
    expect(read({ signal })).toBe(signal);
    expect(read({ signal: undefined })).toBeUndefined();
    expect(read({})).toBeUndefined();
    expect(read(undefined)).toBeUndefined();
  });

  it("throws an already aborted signal's reason", () => {
    const reason = new Error('aborted before');
    expect(() => read({ signal: AbortSignal.abort(reason) })).toThrow(reason);
  });

  it('names options.signal and the value when it is not a signal', () => {
    expect(() => read({ signal: 'stop' })).toThrow(
      new TypeError('options.signal must be an AbortSignal or undefined (received "stop")'),
    );
    expect(() => read(null)).toThrow(new TypeError('options must be an object or undefined (received null)'));
  });
});

it('is one function under both names', () => {
  expect(readSignalOption).toBe(readAcquireSignal);
});
