export { describeValue } from './describe';
export { type SignalWaiter, SignalWatch } from './signal-watch';
export { SignalWatches } from './signal-watches';
export { readAcquireSignal, readCost, readCostedAcquire, readRateLimitOptions, type RateLimitSettings, readTimes } from './limit-options';
// The rate limiters' old name for the same function, until @aiox/redis imports readAcquireSignal.
export { readAcquireSignal as readSignalOption } from './limit-options';
export { keepNameAndLength } from './keep-name';
export { assertFunction, assertInteger, assertNumber, assertOptions, assertSignal } from './validate';
export { announcePoolStart, type StartedPool, watchPoolStarts } from './pool-starts';
export { isThenable } from './thenable';
