import { describeValue } from '@aiox/internal';
import { isModuleTask } from './module-task';
import type { TaskTarget } from './protocol';

// The host-side check is a syntax parse: do it once a function.
const shippable = new WeakMap<Function, string>();

const fix = 'pass a function expression or an arrow function that refers only to its parameters and globals';

/**
 * What a worker needs to find `fn`: a module task's URL and export name, or
 * the source text of a self-contained function (see {@link shippableSource}).
 */
export function shippedTarget(fn: unknown, options: { readonly generators?: boolean | undefined } = {}): TaskTarget {
  return isModuleTask(fn) ? { module: fn.module, exportName: fn.exportName } : { source: shippableSource(fn, options) };
}

/**
 * A stand-in function that ships as `source`, an expression that evaluates
 * to a function in the worker's global scope: for the pool's own wrappers
 * around a user's shippable source (see map-in-pool.ts). Never called here.
 */
export function shippedAs(source: string): (...args: never[]) => unknown {
  const stub = (): never => {
    throw new Error('@aiox/pool: a shipped stand-in runs in a worker only');
  };
  shippable.set(stub, source);
  return stub;
}

/**
 * The source text that recreates `fn` in a worker, as an expression, or a
 * TypeError that says what to pass instead.
 */
export function shippableSource(fn: unknown, options: { readonly generators?: boolean | undefined } = {}): string {
  if (typeof fn !== 'function') {
    throw new TypeError(`fn must be a function (received ${describeValue(fn)}): ${fix}, or a module's export named with moduleTask()`);
  }
  const known = shippable.get(fn);
  if (known !== undefined) return known;
  const source = sourceOf(fn, options.generators === true);
  // A generator function's source is kept only for callers that accept one.
  if (!isGenerator(fn)) shippable.set(fn, source);
  return source;
}

function isGenerator(fn: Function): boolean {
  const text = Function.prototype.toString.call(fn);
  return /^(async\s*)?function\s*\*/.test(text) || /^(async\s*)?\*/.test(text);
}

function sourceOf(fn: Function, generators: boolean): string {
  const text = Function.prototype.toString.call(fn);
  const name = describeValue(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(text)) {
    throw new TypeError(
      `fn is ${name}, a bound or built-in function whose source cannot be sent to a worker: ${fix} (pass what you bound as arguments instead)`,
    );
  }
  if (/^class\b/.test(text)) {
    throw new TypeError(`fn is ${name}, a class, which cannot be called as a task: ${fix} that creates the instance`);
  }
  if (!generators && isGenerator(fn)) {
    throw new TypeError(
      `fn is ${name}, a generator function, whose generator cannot be sent back: use generateInThread or generateInProcess from @aiox/generate, or ${fix}`,
    );
  }
  if (parses(`(${text}\n)`)) return `(${text}\n)`;
  // A method shorthand (`run(x) { ... }`) is not an expression on its own,
  // but is one as the only member of an object literal.
  if (/^(async\s+)?(get|set)\s/.test(text)) {
    throw new TypeError(`fn is ${name}, a getter or setter: ${fix}`);
  }
  const method = `(Object.values({ ${text}\n })[0])`;
  if (parses(method)) return method;
  throw new TypeError(`fn is ${name}, whose source text is not a function expression: ${fix}`);
}

const codeGenerationDisabled =
  'fn cannot be shipped by its source text: code generation from strings is disabled in this process ' +
  '(--disallow-code-generation-from-strings), and the worker would compile it from that text. ' +
  'Export the function from a module and pass moduleTask(moduleUrl, exportName) instead: a module task is imported, not compiled';

function parses(expression: string): boolean {
  try {
    // Compiles without running: the body is never called.
    new Function(`return ${expression};`);
    return true;
  } catch (error) {
    // What V8 throws for any source while code generation is disallowed.
    if (error instanceof EvalError) throw new TypeError(codeGenerationDisabled, { cause: error });
    return false;
  }
}
