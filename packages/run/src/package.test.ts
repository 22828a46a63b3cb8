import { describe, expect, it } from 'vitest';
import { RUN_URL, runProgram } from './testing/child';

describe('the built package', () => {
  it('works from require(): runDecorator finds its worker entries from the CJS build', async () => {
    const exit = await runProgram(
      `const { run, runDecorator, Interrupted } = require(${JSON.stringify(new URL(RUN_URL.replace(/\.js$/, '.cjs')).pathname)});
      const double = runDecorator(async (n) => n * 2);
      run(async () => double(21) + ' ' + typeof Interrupted).then((value) => console.log(value));`,
      'cjs',
    );
    expect(exit).toMatchObject({ code: 0, stdout: '42 function\n', stderr: '' });
  });

  it('works from import', async () => {
    const exit = await runProgram(`import { run, runDecorator } from '${RUN_URL}';
      const double = runDecorator(async (n) => n * 2);
      console.log(await run(async () => double(21)));`);
    expect(exit).toMatchObject({ code: 0, stdout: '42\n', stderr: '' });
  });
});
