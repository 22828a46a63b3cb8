// The behaviour every aiox limit shares, run against the Redis ones: the
// same suites the in-process Semaphore and RateLimiter pass.
import { rateLimiterBehaviour } from '@aiox/internal/rate-limiter-behaviour';
import { semaphoreBehaviour } from '@aiox/internal/semaphore-behaviour';
import { describe } from 'vitest';
import { RedisRateLimiter, RedisSemaphore } from './index';
import { freshKey, hasRedisServer, useRedis } from './testing/redis';

describe.skipIf(!hasRedisServer)('Redis limits', () => {
  const fixture = useRedis();
  // A call is a script call and an announcement away: a few ms on loopback,
  // more on a loaded machine. The suites wait this long only before checking
  // that something did not happen; what must happen they await as a condition.
  const reactionTime = () => new Promise<void>((resolve) => setTimeout(resolve, 25));

  semaphoreBehaviour('RedisSemaphore', {
    make: (value) => new RedisSemaphore({ redis: fixture.client(), key: freshKey('sem'), value }),
    reactionTime,
    refusesAboveValue: true,
    propertyRuns: 25,
  });
  rateLimiterBehaviour('RedisRateLimiter', {
    make: (options) => new RedisRateLimiter({ redis: fixture.client(), key: freshKey('rl'), ...options }),
    reactionTime,
    // Starts are reserved on arrival (one round trip an acquire); see the README's "How it works".
    waitersKeepReservedStarts: true,
  });
});
