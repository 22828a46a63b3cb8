// The runtimes besides Node that the universal packages' tests also run in
// (root `vitest.runtimes.ts`), and what that config hands its tests through
// vitest's `provide`.
export const RUNTIMES = ['browser', 'deno', 'bun'] as const;
export type Runtime = (typeof RUNTIMES)[number];

declare module 'vitest' {
  export interface ProvidedContext {
    runtime: Runtime;
    /** Reasons by "file > describe > ... > test", for `skip-excluded-tests.ts`. */
    skippedTests: Record<string, string>;
  }
}
