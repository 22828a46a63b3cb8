export { type RateLimitSettings, readRateLimitOptions, readAcquireSignal as readSignal } from '@aiox/internal';
