import { describe, expect, it, vi } from 'vitest';
import { RateLimiter, rateLimited, type RateLimitOptions } from './index';

const valid = { maxCalls: 2, period: 1000, minInterval: 200 };

/** Both entry points check options the same way, before doing anything. */
const entryPoints: [string, (options: unknown) => unknown][] = [
  ['new RateLimiter', (options) => new RateLimiter(options as RateLimitOptions)],
  ['rateLimited', (options) => rateLimited(options as RateLimitOptions)],
];

describe.each(entryPoints)('%s option checks', (_, create) => {
  it.each([
    ['maxCalls', 0, RangeError, 'maxCalls must be an integer >= 1 (received 0)'],
    ['maxCalls', -1, RangeError, 'maxCalls must be an integer >= 1 (received -1)'],
    ['maxCalls', 1.5, RangeError, 'maxCalls must be an integer >= 1 (received 1.5)'],
    ['maxCalls', Number.NaN, RangeError, 'maxCalls must be an integer >= 1 (received NaN)'],
    ['maxCalls', Infinity, RangeError, 'maxCalls must be an integer >= 1 (received Infinity)'],
    ['maxCalls', '2', TypeError, 'maxCalls must be an integer >= 1 (received "2")'],
    ['maxCalls', 2n, TypeError, 'maxCalls must be an integer >= 1 (received 2n)'],
    ['maxCalls', undefined, TypeError, 'maxCalls must be an integer >= 1 (received undefined)'],
    ['maxCalls', null, TypeError, 'maxCalls must be an integer >= 1 (received null)'],
    ['period', 0, RangeError, 'period must be a finite number > 0 (received 0)'],
    ['period', -0, RangeError, 'period must be a finite number > 0 (received -0)'],
    ['period', -5, RangeError, 'period must be a finite number > 0 (received -5)'],
    ['period', Number.NaN, RangeError, 'period must be a finite number > 0 (received NaN)'],
    ['period', Infinity, RangeError, 'period must be a finite number > 0 (received Infinity)'],
    ['period', '1000', TypeError, 'period must be a finite number > 0 (received "1000")'],
    ['period', undefined, TypeError, 'period must be a finite number > 0 (received undefined)'],
    ['minInterval', -0.5, RangeError, 'minInterval must be a finite number >= 0 (received -0.5)'],
    ['minInterval', Number.NaN, RangeError, 'minInterval must be a finite number >= 0 (received NaN)'],
    ['minInterval', Infinity, RangeError, 'minInterval must be a finite number >= 0 (received Infinity)'],
    ['minInterval', '200', TypeError, 'minInterval must be a finite number >= 0 (received "200")'],
    ['minInterval', null, TypeError, 'minInterval must be a finite number >= 0 (received null)'],
  ])('%s = %s throws %o', (name, value, ErrorType, message) => {
    expect(() => create({ ...valid, [name]: value })).toThrow(new ErrorType(message));
    expect(() => create({ ...valid, [name]: value })).toThrow(ErrorType);
  });

  it.each([
    [null, 'null'],
    [[], 'an array of length 0'],
    [5, '5'],
    ['fast', '"fast"'],
    [() => valid, 'a function'],
  ])('throws TypeError for options = %o', (options, shown) => {
    expect(() => create(options)).toThrow(new TypeError(`options must be an object or undefined (received ${shown})`));
  });

  it('reports missing options as the missing maxCalls', () => {
    expect(() => create(undefined)).toThrow(new TypeError('maxCalls must be an integer >= 1 (received undefined)'));
  });

  it('accepts the smallest values, a missing or undefined minInterval, and unknown keys', () => {
    expect(() => create({ maxCalls: 1, period: Number.MIN_VALUE, minInterval: 0 })).not.toThrow();
    expect(() => create({ maxCalls: 1, period: 1 })).not.toThrow();
    expect(() => create({ maxCalls: 1, period: 1, minInterval: undefined })).not.toThrow();
    expect(() => create({ ...valid, name: 'db', retries: 3 })).not.toThrow();
  });
});

describe('checks happen before any work', () => {
  it('rateLimited throws before the decorator exists', () => {
    const fn = vi.fn();
    expect(() => rateLimited({ maxCalls: 0, period: 1 })(fn)).toThrow(RangeError);
    expect(fn).not.toHaveBeenCalled();
  });

  it('reads options once: changing the object later changes nothing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const options = { maxCalls: 1, period: 100 };
    const limiter = new RateLimiter(options);
    options.maxCalls = 1000;
    options.period = 1;
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
  });
});

describe('wrap and the decorator check their function', () => {
  const limiter = new RateLimiter(valid);
  const decorate = rateLimited(valid);
  it.each([
    [5, '5'],
    [undefined, 'undefined'],
    [null, 'null'],
    [{ call: () => 1 }, 'an object'],
    ['fn', '"fn"'],
  ])('throws TypeError for fn = %o', (fn, shown) => {
    const error = new TypeError(`fn must be a function (received ${shown})`);
    expect(() => limiter.wrap(fn as unknown as () => void)).toThrow(error);
    expect(() => decorate(fn as unknown as () => void)).toThrow(error);
  });

  it('a rejected wrap takes no slot', () => {
    const single = new RateLimiter({ maxCalls: 1, period: 1000 });
    expect(() => single.wrap(null as unknown as () => void)).toThrow(TypeError);
    expect(single.tryAcquire()).toBe(true);
  });
});

describe('acquire checks its options', () => {
  it.each([
    [null, new TypeError('options must be an object or undefined (received null)')],
    [7, new TypeError('options must be an object or undefined (received 7)')],
    [{ signal: {} }, new TypeError('options.signal must be an AbortSignal or undefined (received an object)')],
    [{ signal: 'stop' }, new TypeError('options.signal must be an AbortSignal or undefined (received "stop")')],
    [{ signal: null }, new TypeError('options.signal must be an AbortSignal or undefined (received null)')],
  ])('rejects (does not throw) for options = %o, and takes no slot', async (options, error) => {
    const limiter = new RateLimiter({ maxCalls: 1, period: 1000 });
    let result: Promise<void> | undefined;
    expect(() => {
      result = limiter.acquire(options as never);
    }).not.toThrow();
    await expect(result).rejects.toThrow(error);
    expect(limiter.waiting).toBe(0);
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('accepts {} and { signal: undefined }', async () => {
    const limiter = new RateLimiter({ maxCalls: 5, period: 1000 });
    await expect(limiter.acquire({})).resolves.toBeUndefined();
    await expect(limiter.acquire({ signal: undefined })).resolves.toBeUndefined();
  });
});
