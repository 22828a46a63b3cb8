// The behaviour every aiox rate limiter shares (the RedisRateLimiter runs the same suite).
import { rateLimiterBehaviour } from '@aiox/internal/rate-limiter-behaviour';
import { RateLimiter } from './index';

// In process, a call is acted on within microtasks: one 0 ms timer covers them.
const reactionTime = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

rateLimiterBehaviour('RateLimiter', { make: (options) => new RateLimiter(options), reactionTime });
