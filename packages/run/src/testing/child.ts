// Test helper: a Node program written to a temporary file and run as a real
// child process, for what only a whole process shows (exit codes, signals,
// what reaches stdout and stderr, whether it exits at all).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `file:` URLs of the built packages, for the programs' imports. */
export const RUN_URL = new URL('../../dist/index.js', import.meta.url).href;
export const POOL_URL = new URL('../../../pool/dist/index.js', import.meta.url).href;

const scratch = mkdtempSync(join(tmpdir(), 'aiox-run-'));
let files = 0;

/** Writes `source` to a new `.mjs` (or `.cjs`) file in a scratch directory; returns its path. */
export function writeProgram(source: string, extension: 'mjs' | 'cjs' = 'mjs'): string {
  const file = join(scratch, `program-${++files}.${extension}`);
  writeFileSync(file, source);
  return file;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running child program. */
export class Child {
  readonly process: ChildProcess;
  readonly exited: Promise<Exit>;
  #stdout = '';
  #stderr = '';
  #done = false;

  constructor(file: string, args: readonly string[] = []) {
    this.process = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stdout += chunk;
    });
    this.process.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr += chunk;
    });
    this.exited = new Promise((resolve) => {
      this.process.on('close', (code, signal) => {
        this.#done = true;
        resolve({ code, signal, stdout: this.#stdout, stderr: this.#stderr });
      });
    });
  }

  get stdout(): string {
    return this.#stdout;
  }

  get done(): boolean {
    return this.#done;
  }

  /** Resolves once stdout contains `text`; rejects if the program exits first or `ms` pass. */
  async waitFor(text: string, ms = 20_000): Promise<void> {
    const deadline = performance.now() + ms;
    while (!this.#stdout.includes(text)) {
      if (this.#done) throw new Error(`the program exited before printing ${JSON.stringify(text)}; stderr: ${this.#stderr}`);
      if (performance.now() > deadline) throw new Error(`the program did not print ${JSON.stringify(text)} within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  kill(signal: NodeJS.Signals): void {
    this.process.kill(signal);
  }
}

/** Runs `source` as a program to its end. */
export function runProgram(source: string, extension: 'mjs' | 'cjs' = 'mjs'): Promise<Exit> {
  return new Child(writeProgram(source, extension)).exited;
}
