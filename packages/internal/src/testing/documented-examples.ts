import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** One ```ts block of a README or of a TSDoc comment. */
export interface Example {
  /** Where it is: the file and its rank there. */
  readonly source: string;
  readonly code: string;
}

/**
 * The ```ts blocks of `file` (relative to `base`, a test's
 * `import.meta.url`): a README's as they are, a source file's TSDoc ones
 * without the comment's leading `*`.
 */
export function examplesIn(base: string | URL, file: string): Example[] {
  const text = readFileSync(new URL(file, base), 'utf8');
  const fromTsDoc = !file.endsWith('.md');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => ({
    source: `${file} #${index + 1}`,
    code: fromTsDoc ? (match[1] ?? '').replace(/^\s*\* ?/gm, '') : (match[1] ?? ''),
  }));
}

/** What an example's `console.log(...); // expected` comments say it prints, in order. */
export function expectedLogs(code: string): string[] {
  return [...code.matchAll(/console\.log\(.*\);?\s*\/\/ (.*)$/gm)].map((match) => match[1] ?? '');
}

/**
 * Runs an example as a user would paste it: its `import … from
 * '<packageName>'` lines bound to `api` (the package's exports), `fetch`
 * refused, and `console.log` recorded. Resolves to the lines it logged.
 */
export async function runExample(code: string, packageName: string, api: Record<string, unknown>): Promise<string[]> {
  const importLine = new RegExp(`^import .* from '${packageName.replace(/[/.]/g, '\\$&')}';$`, 'gm');
  const { outputText } = ts.transpileModule(`async function example() {\n${code.replace(importLine, '')}\n}`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None },
  });
  const logs: string[] = [];
  const console = { log: (...values: unknown[]) => logs.push(values.map(String).join(' ')) };
  const fetch = (): never => {
    throw new Error('examples must not reach the network');
  };
  const names = Object.keys(api).join(', ');
  const execute = new Function('api', 'console', 'fetch', `const { ${names} } = api;\n${outputText}\nreturn example();`);
  await execute(api, console, fetch);
  return logs;
}
