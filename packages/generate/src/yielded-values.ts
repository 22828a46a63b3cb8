// Worker side: sends the generator's values to the caller, and counts them,
// so a value that cannot be copied is named by what the user knows: its
// position among the values yielded (not the path inside our message).
import type { TaskPort } from '@aiox/pool';
import { DataCloneError, findUncloneable, type WireRuntime } from '@aiox/pool/wire';
import type { Reply } from './protocol';

export class YieldedValues {
  readonly #port: TaskPort;
  readonly #runtime: WireRuntime;
  /** Values the generator yielded so far, sent or being sent. */
  #count = 0;

  constructor(port: TaskPort, runtime: WireRuntime) {
    this.#port = port;
    this.#runtime = runtime;
  }

  /** Lazy mode: one value. */
  send(value: unknown): void {
    const position = ++this.#count;
    try {
      this.#port.send({ value } satisfies Reply);
    } catch (cause) {
      throw notCopiedError(value, position, this.#runtime, cause);
    }
  }

  /**
   * Read-ahead mode: a batch. When a value in it cannot be copied, the values
   * before it still reach the caller (as lazy mode delivers them), then this
   * throws for that value.
   */
  sendBatch(batch: readonly unknown[], epoch: number): void {
    const first = this.#count + 1;
    this.#count += batch.length;
    try {
      this.#port.send({ batch, epoch } satisfies Reply);
      return;
    } catch (cause) {
      // Rare, so simple: one value a message finds the culprit exactly, as the serializer sees it.
      for (const [index, value] of batch.entries()) {
        try {
          this.#port.send({ batch: [value], epoch } satisfies Reply);
        } catch (valueCause) {
          throw notCopiedError(value, first + index, this.#runtime, valueCause);
        }
      }
      // Each value crossed alone: it was the batch as a whole.
      throw cause;
    }
  }

  /** Read-ahead mode: the generator failed (or a value could not be sent) while in `epoch`. */
  failedIn(epoch: number): void {
    this.#port.send({ failed: epoch } satisfies Reply);
  }
}

/** The pool's DataCloneError (a TypeError), as every path gives for a value that cannot be copied. */
function notCopiedError(value: unknown, position: number, runtime: WireRuntime, cause: unknown): DataCloneError {
  const label = `the value yielded at position ${position}`;
  const where = runtime === 'child_process' ? 'another process' : 'another thread';
  const found = findUncloneable(value, runtime);
  if (found === undefined) {
    const detail = cause instanceof Error ? ` (${cause.message})` : '';
    return new DataCloneError(`${label} cannot be copied to ${where}${detail}.`, { cause });
  }
  const what = found.path === '' ? `is ${found.what}` : `holds ${found.what} at ${found.path}`;
  return new DataCloneError(`${label} ${what}, which cannot be copied to ${where}. ${found.hint}`, { cause });
}
