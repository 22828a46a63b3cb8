// The behaviour every aiox rate limiter shares (the RedisRateLimiter runs the same suite).
import { rateLimiterBehaviour } from '@aiox/internal/rate-limiter-behaviour';
import { RateLimiter } from './index';

// Lateness: a timer on a loaded machine (or a browser's clamped one) fires late.
rateLimiterBehaviour('RateLimiter', { make: (options) => new RateLimiter(options), lateness: 30 });
