// Every test file starts its own redis-server (testing/redis.ts), so a
// restart in one file cannot disturb another. Here: fail at once, naming the
// fix, when there is no redis-server to start. Outside CI the Redis tests are
// skipped instead, as the browser tests are without chromium.
//
// The multi-process tests (processes.test.ts) run child scripts that import
// the built package, so the tests build it from the current sources first.
import { buildDist } from '@aiox/internal/build-dist';
import { findRedisServer, missingRedisServer } from '@aiox/internal/redis-server';

export default async function setup(): Promise<void> {
  await buildDist(['src/index.ts']);
  if (findRedisServer() !== undefined) return;
  if (process.env['CI']) throw new Error(missingRedisServer);
  console.warn(`@aiox/redis: skipped: ${missingRedisServer}`);
}
