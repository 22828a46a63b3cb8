import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as api from './index';

/**
 * Every example in the README and in the TSDoc runs, and prints what its
 * `console.log(...); // expected` comments say.
 */

interface Example {
  source: string;
  code: string;
}

function examples(file: string, fromTsDoc: boolean): Example[] {
  const text = readFileSync(new URL(file, import.meta.url), 'utf8');
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return blocks.map((block, index) => ({
    source: `${file} #${index + 1}`,
    code: fromTsDoc ? block.replace(/^\s*\* ?/gm, '') : block,
  }));
}

const all = [
  ...examples('../README.md', false),
  ...['./index.ts', './queue.ts', './options.ts', './events.ts'].flatMap((file) => examples(file, true)),
];

async function run(code: string): Promise<string[]> {
  const body = code.replace(/^import .* from '@aiox\/queue';$/gm, '');
  const { outputText } = ts.transpileModule(`async function example() {\n${body}\n}`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None },
  });
  const logs: string[] = [];
  const console = { log: (...values: unknown[]) => logs.push(values.map(String).join(' ')) };
  const fetch = (): never => {
    throw new Error('examples must not reach the network');
  };
  const execute = new Function('api', 'console', 'fetch', `const { Queue } = api;\n${outputText}\nreturn example();`);
  await execute(api, console, fetch);
  return logs;
}

describe('examples', () => {
  it('finds the examples', () => {
    expect(all.filter((example) => example.source.startsWith('../README.md')).length).toBeGreaterThanOrEqual(3);
    expect(all.length).toBeGreaterThanOrEqual(14);
  });

  it.each(all.map((example) => [example.source, example.code]))('%s runs as documented', async (_source, code) => {
    const expected = [...code.matchAll(/console\.log\(.*\);?\s*\/\/ (.*)$/gm)].map((match) => match[1]);
    expect(expected.length, 'an example shows what it prints').toBeGreaterThan(0);
    expect(await run(code)).toEqual(expected);
  });
});
