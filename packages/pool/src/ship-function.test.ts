import { describe, expect, it } from 'vitest';
import { shippableSource } from './ship-function';

const evaluate = (source: string): ((...args: unknown[]) => unknown) => new Function(`return ${source};`)();

describe('shippableSource', () => {
  it('ships arrows, function expressions and async functions as they are', () => {
    expect(evaluate(shippableSource((a: number) => a + 1))(1)).toBe(2);
    expect(evaluate(shippableSource(function named(a: number) { return a * 3; }))(2)).toBe(6);
    expect(evaluate(shippableSource(async (a: number) => a))(1)).toBeInstanceOf(Promise);
  });

  it('ships a method shorthand, which is no expression on its own, as the only member of an object', () => {
    const host = { double(x: number) { return x * 2; }, async later(x: number) { return x; }, ['com' + 'puted'](x: number) { return -x; } };
    expect(evaluate(shippableSource(host.double))(4)).toBe(8);
    expect(evaluate(shippableSource(host.later))(4)).toBeInstanceOf(Promise);
    expect(evaluate(shippableSource(host.computed))(4)).toBe(-4);
  });

  it('refuses what is not a function, saying what to pass instead', () => {
    expect(() => shippableSource(42)).toThrow(TypeError);
    expect(() => shippableSource(42)).toThrow(/fn must be a function \(received 42\): pass a function expression or an arrow function/);
  });

  it('refuses bound and native functions, whose source is `[native code]`', () => {
    const bound = ((x: number) => x).bind(null);
    expect(() => shippableSource(bound)).toThrow(TypeError);
    expect(() => shippableSource(bound)).toThrow(/bound or built-in function .*pass what you bound as arguments/);
    expect(() => shippableSource(Math.max)).toThrow(/a function \(max\), a bound or built-in function/);
  });

  it('refuses a class', () => {
    expect(() => shippableSource(class Point {})).toThrow(/a function \(Point\), a class/);
  });

  it('refuses a generator function and points to @aiox/generate', () => {
    expect(() => shippableSource(function* numbers() { yield 1; })).toThrow(/generator function.*generateInThread/);
    expect(() => shippableSource({ *items() { yield 1; } }.items)).toThrow(/generator function/);
  });

  it('refuses a getter', () => {
    const getter = Object.getOwnPropertyDescriptor({ get size() { return 1; } }, 'size')?.get;
    expect(() => shippableSource(getter)).toThrow(/getter or setter/);
  });
});
