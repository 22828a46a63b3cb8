// How the pool ships a function to a worker, for the other aiox Node
// packages that run functions in workers of their own (`@aiox/run`'s
// runDecorator): one way to ship, so a function that works with `inThread`
// works there too. Published as `@aiox/pool/ship`; not meant for
// applications. It loads none of the pool (no tinypool).
//
// Host side:   const target = shippedTarget(fn)      // TypeError for what cannot ship
// Worker side: const fn = await loadTarget(target)
//              catch (error) { send(encodeError(explainFailure(error, target))) }
export type { ModuleTask } from './module-task';
export type { TaskTarget } from './protocol';
export { shippedTarget } from './ship-function';
export { explainFailure, loadTarget } from './worker-target';
