export { type RateLimitSettings, readRateLimitOptions, readSignalOption as readSignal } from '@aiox/internal';
