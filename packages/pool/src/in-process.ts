import { PROCESS_POOL } from './executor-pool';
import { type InPool, poolCaller } from './pool-caller';

export const inProcess: InPool = poolCaller(PROCESS_POOL);
