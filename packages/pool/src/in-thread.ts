import { THREAD_POOL } from './executor-pool';
import { type InPool, poolCaller } from './pool-caller';

export const inThread: InPool = poolCaller(THREAD_POOL);
