export { describeValue } from './describe';
export { assertFunction, assertInteger, assertNumber, assertOptions, assertSignal } from './validate';
