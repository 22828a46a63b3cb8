/**
 * Every scenario, in the order they run. Adding one (pool, generate, redis)
 * is a file next to these that exports a `Scenario`, plus one line here.
 */
import type { Scenario } from '../types.js';
import { collectScenario } from './collect.js';
import { generateScenario } from './generate.js';
import { memoryScenario } from './memory.js';
import { poolScenario } from './pool.js';
import { queueScenario } from './queue.js';
import { rateLimitScenario } from './rate-limit.js';
import { redisScenario } from './redis.js';
import { runDecoratorScenario } from './run-decorator.js';
import { semaphoreScenario } from './semaphore.js';

export const scenarios: readonly Scenario[] = [collectScenario, memoryScenario, semaphoreScenario, rateLimitScenario, queueScenario, poolScenario, generateScenario, runDecoratorScenario, redisScenario];
