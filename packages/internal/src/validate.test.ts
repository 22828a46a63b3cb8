import { describe, expect, it } from 'vitest';
import { assertInteger, assertNumber, assertOptions, assertSignal, describeValue } from './index';

describe('assertInteger', () => {
  it('accepts integers at or above the minimum', () => {
    expect(() => assertInteger('workers', 1, 1)).not.toThrow();
    expect(() => assertInteger('workers', 0, 0)).not.toThrow();
  });
  it('names the parameter and value, RangeError for numbers', () => {
    expect(() => assertInteger('workers', 0, 1)).toThrow(new RangeError('workers must be an integer >= 1 (received 0)'));
    expect(() => assertInteger('workers', 1.5, 1)).toThrow(RangeError);
    expect(() => assertInteger('workers', Number.NaN, 1)).toThrow(/received NaN/);
    expect(() => assertInteger('workers', Infinity, 1)).toThrow(RangeError);
  });
  it('throws TypeError for non-numbers', () => {
    expect(() => assertInteger('workers', '2', 1)).toThrow(new TypeError('workers must be an integer >= 1 (received "2")'));
    expect(() => assertInteger('workers', 2n, 1)).toThrow(/received 2n/);
  });
});

describe('assertNumber', () => {
  it('checks exclusive and inclusive bounds', () => {
    expect(() => assertNumber('period', 0, 0, false)).toThrow(new RangeError('period must be a finite number > 0 (received 0)'));
    expect(() => assertNumber('minInterval', 0, 0, true)).not.toThrow();
    expect(() => assertNumber('minInterval', -1, 0, true)).toThrow(RangeError);
    expect(() => assertNumber('period', Infinity, 0, false)).toThrow(RangeError);
    expect(() => assertNumber('period', null, 0, false)).toThrow(TypeError);
  });
});

describe('assertOptions / assertSignal', () => {
  it('rejects non-objects', () => {
    expect(() => assertOptions('options', null)).toThrow(TypeError);
    expect(() => assertOptions('options', [])).toThrow(/received an array/);
    expect(() => assertOptions('options', undefined)).not.toThrow();
  });
  it('accepts signals by shape and rejects the rest', () => {
    expect(() => assertSignal('signal', new AbortController().signal)).not.toThrow();
    expect(() => assertSignal('signal', {})).toThrow(new TypeError('signal must be an AbortSignal or undefined (received an object)'));
  });
});

describe('describeValue', () => {
  it('never throws, even on hostile objects', () => {
    const hostile = new Proxy({}, { get() { throw new Error('boom'); } });
    expect(describeValue(hostile)).toBe('an object');
    expect(describeValue(new Map())).toBe('an instance of Map');
    expect(describeValue(() => 1)).toBe('a function');
    expect(describeValue('x'.repeat(100))).toMatch(/\.\.\."$/);
  });
});
