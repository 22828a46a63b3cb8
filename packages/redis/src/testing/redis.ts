import { findRedisServer, type RedisServer, startRedisServer } from '@aiox/internal/redis-server';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** Whether this machine can run the Redis tests (see global-setup.ts). */
export const hasRedisServer = findRedisServer() !== undefined;

/** The client options the tests vary (ioredis 6's own options type trips exactOptionalPropertyTypes). */
export interface ClientOptions {
  keyPrefix?: string;
  lazyConnect?: boolean;
  enableOfflineQueue?: boolean;
  maxRetriesPerRequest?: number | null;
  retryStrategy?: (times: number) => number | null;
}

export interface RedisFixture {
  readonly server: RedisServer;
  /** A client made for this test, disconnected after it. */
  client(options?: ClientOptions): Redis;
  /** Every key in Redis right now (what a test may have left behind). */
  keys(): Promise<string[]>;
}

let unique = 0;
/** A key no other test in this file uses. */
export function freshKey(name = 'test'): string {
  unique += 1;
  return `${name}-${process.pid}-${unique}`;
}

/**
 * A redis-server for this test file: started before its tests, stopped after
 * them; clients made with `client()` are closed after each test.
 */
export function useRedis(): RedisFixture {
  let server: RedisServer | undefined;
  let admin: Redis | undefined;
  const clients: Redis[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis({ port: server.port, host: server.host, lazyConnect: false });
    // Tests that restart or stop the server see connection errors as rejections; the events are noise.
    admin.on('error', () => {});
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });
  return {
    get server() {
      if (server === undefined) throw new Error('useRedis: the server starts in beforeAll');
      return server;
    },
    client(options = {}) {
      if (server === undefined) throw new Error('useRedis: the server starts in beforeAll');
      const client = new Redis({ port: server.port, host: server.host, ...options });
      client.on('error', () => {});
      clients.push(client);
      return client;
    },
    async keys() {
      if (admin === undefined) throw new Error('useRedis: the server starts in beforeAll');
      return (await admin.keys('*')).sort();
    },
  };
}

/** EVAL and EVALSHA calls the server has answered: the round trips of this package. */
export async function scriptCalls(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  let calls = 0;
  for (const [, count] of info.matchAll(/^cmdstat_eval(?:sha)?:calls=(\d+)/gm)) calls += Number(count);
  return calls;
}
