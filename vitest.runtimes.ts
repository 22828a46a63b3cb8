/// <reference types="@vitest/browser/providers/playwright" />
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig, mergeConfig, type UserWorkspaceConfig } from 'vitest/config';
import { RUNTIMES, type Runtime } from './packages/internal/src/testing/runtimes';
import shared from './vitest.shared';

/**
 * The vitest config that runs a universal package's tests where the package
 * claims to run besides Node: headless Chromium, Deno and Bun. Which one is
 * named by `AIOX_TEST_RUNTIME` (not vitest's `--mode`: the browser server
 * loads this file again without it); `scripts/test-runtimes.mjs` sets it, and
 * starts vitest itself under Deno or Bun. Each run also executes
 * `runtime-is-real.check.ts`, which fails unless the tests truly run in the
 * runtime named here, so a runner that silently fell back to Node cannot pass,
 * and `event-listeners.check.ts`, which holds the browser's stand-in for Node's
 * `getEventListeners` to what the real one does.
 */

/**
 * What a runtime leaves out, each with its reason: a whole file by its path
 * ("src/memory.test.ts"), never loaded, or one test by its full name
 * ("src/a.test.ts > describe > test"), reported as skipped.
 */
export type Exclusions = Partial<Record<Runtime, Record<string, string>>>;

const testing = (file: string) => fileURLToPath(new URL(`./packages/internal/src/testing/${file}`, import.meta.url));

// The flags the issue asks for; playwright adds its own headless flags too.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-background-networking'];

function runtimeOf(name: string | undefined): Runtime {
  const runtime = RUNTIMES.find((known) => known === name);
  if (runtime === undefined) throw new Error(`AIOX_TEST_RUNTIME must be one of ${RUNTIMES.join(', ')}, got ${JSON.stringify(name)}`);
  return runtime;
}

function browserConfig(): UserWorkspaceConfig {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) throw new Error(`CHROMIUM_PATH must name a chromium binary for the browser run, got ${JSON.stringify(executablePath)}`);
  const listeners = testing('event-listeners-shim.ts');
  return {
    // The tests count abort listeners with Node's getEventListeners.
    resolve: { alias: { 'node:events': listeners } },
    // Chromium has no standard decorators yet (rate-limit's tests use them):
    // lowered by esbuild, as they are for Node.
    esbuild: { target: 'es2022' },
    test: {
      setupFiles: [listeners],
      browser: {
        enabled: true,
        provider: 'playwright',
        headless: true,
        screenshotFailures: false,
        instances: [{ browser: 'chromium', launch: { executablePath, args: CHROMIUM_ARGS } }],
      },
    },
  };
}

export function runtimesConfig(exclusions: Exclusions) {
  const runtime = runtimeOf(process.env.AIOX_TEST_RUNTIME);
  const excluded = Object.entries(exclusions[runtime] ?? {});
  return mergeConfig(
    mergeConfig(shared, runtime === 'browser' ? browserConfig() : {}),
    defineConfig({
      test: {
        include: ['src/**/*.test.ts', testing('runtime-is-real.check.ts'), testing('event-listeners.check.ts')],
        exclude: [...configDefaults.exclude, ...excluded.filter(([name]) => !name.includes(' > ')).map(([name]) => name)],
        setupFiles: [testing('skip-excluded-tests.ts')],
        provide: { runtime, skippedTests: Object.fromEntries(excluded.filter(([name]) => name.includes(' > '))) },
        // Forked workers start from `process.execPath`, the Deno or Bun binary
        // that runs vitest, so the tests run there too.
        pool: 'forks',
      },
    }),
  );
}
