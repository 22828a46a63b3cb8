import { inspect } from 'node:util';

// Deep enough for a long `cause` chain and the errors of an AggregateError.
const DEPTH = 10;

/** Prints why main failed on stderr: the stack, own properties, `cause` chain and `errors`, as Node prints an uncaught error. */
export function reportFailure(error: unknown): void {
  const text =
    error instanceof Error ? inspect(error, { depth: DEPTH }) : `main failed with a value that is not an Error: ${inspect(error, { depth: DEPTH })}`;
  process.stderr.write(`${text}\n`);
}
