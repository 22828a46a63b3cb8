import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EncodedError } from './encoded';
import { decodeError } from './error-codec';

// The real crossing: the fixture encodes in a worker thread / child process
// with the codec itself, bundled here (workers get no TypeScript loader).
interface Esbuild {
  build(options: Record<string, unknown>): Promise<unknown>;
}
function loadEsbuild(): Esbuild {
  // esbuild is not a dependency of this package: reach it the way vitest does
  const require = createRequire(import.meta.url);
  const vite = createRequire(require.resolve('vitest/package.json')).resolve('vite');
  return createRequire(vite)('esbuild') as Esbuild;
}

const fixture = fileURLToPath(new URL('./fixtures/throwing-worker.cjs', import.meta.url));
let directory: string;
let bundle: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'aiox-wire-'));
  bundle = join(directory, 'wire.cjs');
  await loadEsbuild().build({
    entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    logLevel: 'silent',
  });
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function inThread(name: string): Promise<EncodedError> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(fixture, { workerData: name, env: { ...process.env, AIOX_WIRE_BUNDLE: bundle } });
    worker.once('message', (message: EncodedError) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

function inProcess(name: string): Promise<EncodedError> {
  return new Promise((resolve, reject) => {
    const child = fork(fixture, [], {
      serialization: 'advanced',
      execArgv: [],
      env: { ...process.env, AIOX_WIRE_BUNDLE: bundle },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let received: { value: EncodedError } | undefined;
    child.once('message', (message) => {
      received = { value: message as EncodedError };
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (received !== undefined) resolve(received.value);
      else reject(new Error(`child exited with ${String(code)} before sending`));
    });
    child.send(name);
  });
}

describe.each([
  ['worker_threads', inThread],
  ['child_process (serialization: advanced)', inProcess],
] as const)('an error thrown in %s', (_, runIn) => {
  const decoded = async (name: string): Promise<unknown> => decodeError(await runIn(name), { callerStack: new Error().stack ?? '' });

  it('keeps class, message, code, a function property described, cause, worker stack + caller stack', async () => {
    const error = (await decoded('code')) as Error & { code: string; retry: string };
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('boom');
    expect(error.code).toBe('E_BOOM');
    expect(error.retry).toBe('[not copied: a function (retry)]');
    expect(error.cause).toBeInstanceOf(TypeError);
    expect((error.cause as Error).message).toBe('inner');
    expect(error.stack).toMatch(/^Error: boom\n/);
    expect(error.stack).toMatch(/at throwInWorker \(.*throwing-worker\.cjs/);
    expect(error.stack).toContain('    at <worker boundary>');
    expect(error.stack).toContain('worker-boundary.test.ts');
  });

  it('keeps a TypeError a TypeError', async () => {
    const error = await decoded('type');
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ name: 'TypeError', message: 'wrong type' });
  });

  it('keeps AggregateError.errors with their codes', async () => {
    const error = (await decoded('aggregate')) as AggregateError;
    expect(error).toBeInstanceOf(AggregateError);
    expect(error.errors[0]).toBeInstanceOf(RangeError);
    expect(error.errors[1]).toMatchObject({ message: 'b', code: 'E_B' });
  });

  it('keeps a subclass name and fields on its built-in base', async () => {
    const error = await decoded('custom');
    expect(error).toBeInstanceOf(RangeError);
    expect(error).toMatchObject({ name: 'ValidationError', message: 'too old', field: 'age' });
  });

  it('rebuilds a DOMException', async () => {
    const error = await decoded('dom');
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: 'AbortError', message: 'stop', code: 20 });
  });

  it('keeps a self-referencing cause', async () => {
    const error = (await decoded('self')) as Error;
    expect(error.cause).toBe(error);
  });

  it('keeps a system error code and syscall', async () => {
    const error = await decoded('fs');
    expect(error).toMatchObject({ code: 'ENOENT', syscall: 'open', path: '/no/such/file' });
  });

  it('sends an error holding a Blob (which IPC cannot carry) with the Blob described', async () => {
    const error = await decoded('blob');
    expect(error).toMatchObject({ message: 'with blob', body: '[not copied: an instance of Blob]' });
  });

  it.each([
    ['string', 'just a string'],
    ['number', 42],
    ['undefined', undefined],
    ['object', { code: 1, when: new Date(0), tags: new Set(['a']), big: 2n ** 70n }],
  ])('round-trips a thrown %s as itself', async (name, expected) => {
    expect(await decoded(name)).toEqual(expected);
  });
});
