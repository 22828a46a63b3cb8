// Every test file starts its own redis-server (testing/redis.ts), so a
// restart in one file cannot disturb another. Here: fail at once, naming the
// fix, when there is no redis-server to start. Outside CI the Redis tests are
// skipped instead, as the browser tests are without chromium.
import { findRedisServer, missingRedisServer } from '@aiox/internal/redis-server';

export default function setup(): void {
  if (findRedisServer() !== undefined) return;
  if (process.env['CI']) throw new Error(missingRedisServer);
  console.warn(`@aiox/redis: skipped: ${missingRedisServer}`);
}
