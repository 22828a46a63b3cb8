import { PROCESS_POOL, THREAD_POOL } from 'aiox';

/** Ends the worker pools the scenarios started (the process would exit without it; this is quicker). */
export async function shutdownPools(): Promise<void> {
  await Promise.all([THREAD_POOL.shutdown(), PROCESS_POOL.shutdown()]);
}
