import { decodeError } from '@aiox/pool/wire';
import type { DeathNotice } from './protocol';

/** Why a call failed when its worker exited under it: says how it died. */
export function deathError(notice: DeathNotice | undefined): Error {
  const cause = notice?.error === undefined ? undefined : decodeError(notice.error);
  const code = (cause as { code?: unknown } | undefined)?.code;
  const how =
    code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? 'ran out of memory'
      : cause !== undefined
        ? `crashed with an uncaught ${cause instanceof Error ? `${cause.name}: ${cause.message}` : 'exception'}`
        : `exited with code ${notice?.exitCode ?? 'unknown'}`;
  const error = new Error(
    `the worker running the decorated function ${how} before the call settled; the next call starts a fresh worker`,
    cause === undefined ? {} : { cause },
  );
  return Object.assign(error, { code: 'ERR_AIOX_WORKER_DIED', exitCode: notice?.exitCode ?? null });
}
