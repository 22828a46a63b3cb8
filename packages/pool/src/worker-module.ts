// Worker side of module tasks: imports a module once per worker and picks
// the export a task names.

type Namespace = Record<string, unknown>;

// By URL: a module's top-level code runs once per worker, as it would in a
// program, and later tasks skip the resolver. A failed import is not kept
// here, so a module missing at first loads on a later task once it exists;
// one whose top-level code threw stays failed in that worker (Node keeps it).
const modules = new Map<string, Promise<Namespace>>();

export async function loadExport(url: string, name: string): Promise<(...args: unknown[]) => unknown> {
  const namespace = await importOnce(url);
  const value = pick(namespace, name);
  if (typeof value === 'function') return value as (...args: unknown[]) => unknown;
  const exported = exportedFunctions(namespace);
  throw new TypeError(
    `module ${url} exports no function named \`${name}\`` +
      (value === undefined ? '' : ` (its \`${name}\` is ${typeof value})`) +
      ` (it exports: ${exported.length === 0 ? 'no functions' : exported.join(', ')})`,
  );
}

function importOnce(url: string): Promise<Namespace> {
  let loading = modules.get(url);
  if (loading === undefined) {
    loading = (import(/* @vite-ignore */ url) as Promise<Namespace>).catch((cause: unknown) => {
      modules.delete(url);
      const message = cause instanceof Error ? cause.message : String(cause);
      const failure = new Error(`could not import module ${url} in the worker: ${message}`, { cause });
      // Keeps ERR_MODULE_NOT_FOUND and the like testable on the caller's side.
      const code = (cause as { code?: unknown } | null)?.code;
      throw code === undefined ? failure : Object.assign(failure, { code });
    });
    modules.set(url, loading);
  }
  return loading;
}

/**
 * A named export, or for CommonJS a property of `module.exports` that Node's
 * static analysis did not list as a named export.
 */
function pick(namespace: Namespace, name: string): unknown {
  if (Object.hasOwn(namespace, name)) return namespace[name];
  const fallback = namespace['default'];
  if (typeof fallback === 'object' && fallback !== null && name !== 'default') return (fallback as Namespace)[name];
  if (typeof fallback === 'function' && name !== 'default') return (fallback as unknown as Namespace)[name];
  return undefined;
}

function exportedFunctions(namespace: Namespace): string[] {
  const names = new Set(Object.keys(namespace).filter((key) => typeof namespace[key] === 'function'));
  const fallback = namespace['default'];
  if (typeof fallback === 'object' && fallback !== null) {
    for (const key of Object.keys(fallback)) if (typeof (fallback as Namespace)[key] === 'function') names.add(key);
  }
  return [...names].sort();
}
