// The checks shared by use-import.mjs and use-require.cjs: each loads every
// entry of every installed aiox package its own way, then hands the modules
// here. CommonJS, so that both can load it. Runs under `run`, as a program
// would: it closes the pools at the end, and a failure exits 1 with the
// error's cause chain on stderr.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** Every entry (`@aiox/pool`, `@aiox/pool/wire`, …) the installed packages export. */
function entriesOf(names) {
  return names.flatMap((name) => {
    const manifest = JSON.parse(readFileSync(join(process.cwd(), 'node_modules', name, 'package.json'), 'utf8'));
    return Object.keys(manifest.exports)
      .filter((subpath) => subpath !== './package.json')
      .map((subpath) => (subpath === '.' ? name : `${name}/${subpath.slice(2)}`));
  });
}

/**
 * `modules` maps each entry to what loading it gave. Prints, as JSON, the
 * sorted export names of each entry and what each package's calls returned.
 */
async function exercise(modules) {
  const m = (entry) => {
    if (!(entry in modules)) throw new Error(`${entry} was not loaded`);
    return modules[entry];
  };
  const { collect } = m('@aiox/collect');
  const { Semaphore } = m('@aiox/semaphore');
  const { RateLimiter } = m('@aiox/rate-limit');
  const { inThread } = m('@aiox/pool');
  const { isSendable } = m('@aiox/pool/wire');
  const { generateInThread } = m('@aiox/generate');
  const { run, runDecorator } = m('@aiox/run');
  const { RedisSemaphore, RedisRateLimiter } = m('@aiox/redis');

  const umbrella = m('aiox');
  const members = Object.keys(modules).filter((entry) => entry.startsWith('@aiox/') && entry.split('/').length === 2);
  const notReexported = members.flatMap((entry) =>
    Object.keys(m(entry)).filter((key) => umbrella[key] !== m(entry)[key]).map((key) => `${entry}.${key}`),
  );

  const results = await run(async () => {
    const semaphore = new Semaphore(2);
    await semaphore.acquire();
    const permit = await semaphore.acquireMany(1);
    const lockedWhenFull = semaphore.locked();
    permit.release();
    semaphore.release();
    const limiter = new RateLimiter({ maxCalls: 2, period: 50 });
    const limited = limiter.wrap((n) => n + 1);
    const streamed = [];
    for await (const value of generateInThread(function* (n) {
      for (let i = 0; i < n; i++) yield i * i;
    }, 4)) {
      streamed.push(value);
    }
    return {
      collect: await collect([1, 2, 3].map((n) => async () => n * 2), { workers: 2 }),
      semaphore: { lockedWhenFull, valueAfterRelease: semaphore.value },
      rateLimiter: await Promise.all([limited(1), limited(2), limited(3)]),
      inThread: await inThread((a, b) => a * b, 6, 7),
      wireIsSendable: [isSendable({ a: 1 }), isSendable(() => 0)],
      generateInThread: streamed,
      runDecorator: runDecorator(async (text) => text.toUpperCase())('sync'),
      umbrellaCollect: await umbrella.collect([() => 'via aiox']),
      redis: await useRedis(RedisSemaphore, RedisRateLimiter),
    };
  });

  const exports = Object.fromEntries(Object.entries(modules).map(([entry, module]) => [entry, Object.keys(module).filter((key) => key !== 'default' && key !== '__esModule').sort()]));
  process.stdout.write(JSON.stringify({ node: process.version, exports, notReexported, results }));
}

/** A semaphore and a rate limiter on the server the test started (AIOX_REDIS_URL), through the user's own ioredis. */
async function useRedis(RedisSemaphore, RedisRateLimiter) {
  const url = process.env.AIOX_REDIS_URL;
  if (!url) return 'no redis-server';
  const { Redis } = require('ioredis');
  const redis = new Redis(url);
  try {
    const semaphore = new RedisSemaphore({ redis, key: 'tarball', value: 2 });
    const permit = await semaphore.acquireMany(2);
    const whileHeld = (await semaphore.tryAcquire()) === undefined ? 'none free' : 'one free';
    await permit.release();
    const limiter = new RedisRateLimiter({ redis, key: `tarball-${process.pid}`, maxCalls: 2, period: 60_000 });
    const started = [await limiter.tryAcquire(), await limiter.tryAcquire(), await limiter.tryAcquire()];
    return { permits: permit.times, whileHeld, started };
  } finally {
    redis.disconnect();
  }
}

module.exports = { entriesOf, exercise };
