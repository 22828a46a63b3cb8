// Worker side of shipping: turns what a task names (source text, or a
// module's export) back into the function, and explains the one mistake
// shipped source invites.
import type { TaskTarget } from './protocol';
import { loadExport } from './worker-module';

const compiled = new Map<string, (...args: unknown[]) => unknown>();
const COMPILED_CACHE = 1000;
// An indirect eval runs in the global scope: the shipped function sees its
// parameters and globals, and no variable, `arguments` or `this` of ours
// (an arrow compiled by `new Function` would see that function's `arguments`).
const evaluateGlobally: (source: string) => unknown = globalThis.eval;

/** The function `target` names: compiled once a worker, or imported once a worker. */
export async function loadTarget(target: TaskTarget): Promise<(...args: unknown[]) => unknown> {
  return 'source' in target ? compile(target.source) : await loadExport(target.module, target.exportName);
}

function compile(source: string): (...args: unknown[]) => unknown {
  let fn = compiled.get(source);
  if (fn === undefined) {
    fn = evaluateGlobally(source) as (...args: unknown[]) => unknown;
    if (compiled.size >= COMPILED_CACHE) compiled.clear();
    compiled.set(source, fn);
  }
  return fn;
}

/**
 * A name that shipped source could not find: says why, and the way out. A
 * module's code sees its own imports, so only source targets get the hint.
 */
export function explainFailure(error: unknown, target: TaskTarget): unknown {
  if (!('source' in target) || !(error instanceof ReferenceError)) return error;
  const name = /^(\S+) is not defined$/.exec(error.message)?.[1];
  if (name === undefined || name in globalThis) return error;
  const message =
    `${error.message}: the function refers to \`${name}\`, which does not exist in the worker. ` +
    'Functions sent to a worker are shipped by their source text and cannot see the variables around them. ' +
    `Pass \`${name}\` as an argument, or load it inside the function (\`await import(...)\`).`;
  if (error.stack?.startsWith(`${error.name}: ${error.message}`)) {
    error.stack = `${error.name}: ${message}${error.stack.slice(error.name.length + 2 + error.message.length)}`;
  }
  error.message = message;
  return error;
}
