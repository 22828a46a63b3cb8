import { runtimesConfig } from '../../vitest.runtimes';

const nodeWarning = "tests Node's MaxListenersExceededWarning, which this runtime never emits (its control test fails)";

// Runs the tests in Chromium, Deno and Bun too (scripts/test-runtimes.mjs).
export default runtimesConfig({
  browser: {
    'src/close-when-unreachable.test.ts': "forces garbage collection through V8's flags (node:v8, node:vm)",
    'src/memory.test.ts': "measures the heap with process.memoryUsage after V8's gc (node:v8, node:vm)",
    'src/force-loop-cycle.test.ts': 'checks file and socket callbacks (node:fs, node:net)',
    'src/shared-signal.test.ts': nodeWarning,
    'src/unhandled-rejections.test.ts':
      "takes over process's unhandledRejection listeners; in the browser the shared guard checks every test instead",
  },
  deno: {
    'src/shared-signal.test.ts': nodeWarning,
    'src/force-loop-cycle.test.ts > forceLoopCycle > lets a socket read whose data already arrived run':
      "Deno's node:net hands a read that already arrived to its callback only a loop turn or more later",
  },
  bun: {
    'src/shared-signal.test.ts': nodeWarning,
  },
});
