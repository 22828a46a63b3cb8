import { runtimesConfig } from '../../vitest.runtimes';

const nodeWarning = "tests Node's MaxListenersExceededWarning, which this runtime never emits (its control test fails)";

// Runs the tests in Chromium, Deno and Bun too (scripts/test-runtimes.mjs).
export default runtimesConfig({
  browser: {
    'src/examples.test.ts': 'reads the README and the sources with node:fs and compiles them with typescript',
    'src/memory.test.ts': "measures the heap with process.memoryUsage after V8's gc (node:v8, node:vm)",
    'src/faults.test.ts': "listens to process's warning events for Node's MaxListenersExceededWarning",
  },
  deno: {
    'src/faults.test.ts > the signal of add > (control) the warning check sees a leak when there is one': nodeWarning,
    'src/events.test.ts > completed > is a CustomEvent whose detail is the value (undefined shows as null, the DOM’s rule), after the task ended':
      "Deno's CustomEvent leaves a detail of undefined undefined, where the DOM's rule (Node, Chromium and Bun follow it) makes it null",
  },
  bun: {
    'src/faults.test.ts > the signal of add > (control) the warning check sees a leak when there is one': nodeWarning,
  },
});
