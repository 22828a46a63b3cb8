// Type tests, compiled by `tsc -p tsconfig.json` with the repo's
// exactOptionalPropertyTypes: an option that may be absent also takes an
// explicit `undefined`, as a value passed along from elsewhere often is.
// At run time the calls below are never made.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type CallOptions,
  ExecutorPool,
  type ExecutorPoolOptions,
  inThread,
  type MapOptions,
  mapInThreads,
  type OpenOptions,
  THREAD_POOL,
  type TaskPort,
} from './index';

// As a value passed along would be: typed as maybe absent.
const maybeSignal = undefined as AbortSignal | undefined;
const maybeNumber = undefined as number | undefined;
const maybeBoolean = undefined as boolean | undefined;

describe('option types under exactOptionalPropertyTypes', () => {
  it('take an explicit undefined for every optional property', () => {
    const call: CallOptions = { signal: maybeSignal, transfer: undefined, transferResult: maybeBoolean };
    const map: MapOptions = { chunkSize: maybeNumber, workers: maybeNumber, signal: maybeSignal };
    const open: OpenOptions = { signal: maybeSignal, onMessage: undefined, driver: undefined, onIdleExit: undefined };
    const pool: ExecutorPoolOptions = { maxOldGenerationSizeMb: maybeNumber };
    expectTypeOf(call).toEqualTypeOf<CallOptions>();
    void (() => inThread.with({ signal: maybeSignal })((x: number) => x, 1));
    void (() => mapInThreads((x: number) => x, [1], map));
    void (() => THREAD_POOL.open((_port: TaskPort) => 1, [], open));
    void (() => new ExecutorPool('worker_threads', pool));
    void (() => THREAD_POOL.initialize({ maxWorkers: maybeNumber }));
    void (() => THREAD_POOL.shutdown({ wait: maybeBoolean }));
    // @ts-expect-error still no other type
    void (() => inThread.with({ signal: 'abort' }));
  });
});
