// The wire codec: what crosses a worker boundary (errors, and the message for
// data that cannot cross). Published as `@aiox/pool/wire` for the other aiox
// Node packages (generate, run), which share it; not meant for applications.
//
// Worker side:  catch (error) { send({ ok: false, error: encodeError(error) }) }
// Caller side:  ...on failure, in the async caller after its await:
//               throw decodeError(message.error, { callerStack: captureCallerStack(callShipped) })
// Send failure: catch (cause) { reject(argumentsCloneError(args, runtime, cause)) }
export { captureCallerStack, joinStacks, WORKER_BOUNDARY_FRAME } from './caller-stack';
export {
  argumentsCloneError,
  dataCloneError,
  type DataCloneErrorContext,
  describeUncloneable,
  findUncloneable,
  resultCloneError,
  type Uncloneable,
} from './clone-check';
export {
  type EncodedError,
  type EncodedErrorRecord,
  type EncodedValue,
  type ErrorClassName,
  isEncodedError,
  type WireRuntime,
} from './encoded';
export { type DecodeErrorOptions, decodeError, encodeError } from './error-codec';
export { MAX_ENCODE_DEPTH } from './encode-value';
export { DataCloneError } from '../errors';
export { assertKeptByIpc, isSendable } from './sendable';
