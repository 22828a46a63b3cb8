export { describeValue } from './describe';
export { type SignalWaiter, SignalWatch } from './signal-watch';
export { SignalWatches } from './signal-watches';
export { readAcquireSignal, readRateLimitOptions, type RateLimitSettings, readTimes } from './limit-options';
export { assertFunction, assertInteger, assertNumber, assertOptions, assertSignal } from './validate';
export { announcePoolStart, type StartedPool, watchPoolStarts } from './pool-starts';
export { isThenable } from './thenable';
