import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** The built demo running in a child process, its output gathered as it comes. */
export interface DemoProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout holds `text`; rejects if the process exits first. */
  printed(text: string): Promise<void>;
  /** Resolves, once the process ended and its output was read, with its exit code and signal, and when (`performance.now()`). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export function startDemo(...scenarios: string[]): DemoProcess {
  return startDemoWith({}, ...scenarios);
}

/** {@link startDemo} with `env` over the test's environment (a key set to `undefined` is left out). */
export function startDemoWith(env: NodeJS.ProcessEnv, ...scenarios: string[]): DemoProcess {
  // Piped, so the demo writes plain lines, as it does in CI.
  const child = spawn(process.execPath, [entry, ...scenarios], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  const waiting: { text: string; resolve: () => void; reject: (error: Error) => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const wait of waiting.filter((entry) => out.includes(entry.text))) {
      waiting.splice(waiting.indexOf(wait), 1);
      wait.resolve();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.once('close', (code, signal) => {
      const at = performance.now();
      for (const wait of waiting.splice(0)) wait.reject(new Error(`the demo exited (code ${code}) before printing ${JSON.stringify(wait.text)}:\n${out}\n${err}`));
      resolve({ code, signal, at });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    printed: (text) => (out.includes(text) ? Promise.resolve() : new Promise((resolve, reject) => waiting.push({ text, resolve, reject }))),
    exited,
  };
}
