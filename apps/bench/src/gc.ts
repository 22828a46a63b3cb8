import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full collection, so each sample starts from a clean heap instead of
 * paying for the garbage of the contender that ran before it. `pnpm bench`
 * passes --expose-gc; when someone runs `node dist/index.js` without it we
 * switch the flag on at run time rather than silently measuring junk.
 */
function findGc(): () => void {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') throw new Error('cannot reach the garbage collector: run node with --expose-gc');
  return gc as () => void;
}

export const collectGarbage: () => void = findGc();

/** Heap in use after a full collection: what is still reachable right now. */
export function retainedHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}
