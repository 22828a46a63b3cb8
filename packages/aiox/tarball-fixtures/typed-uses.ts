// Typed uses of every aiox entry. The tarball test prepends the imports
// (`import { … } from` for the .mts copy, `import … = require()` for the
// .cts one) and typechecks both, strict. Each @ts-expect-error fails that
// check if the type under it were `any` (the error it expects would not
// happen), so the declarations are real, not merely present.

export async function typedUses(signal: AbortSignal): Promise<void> {
  const doubled: number[] = await collect([1, 2, 3].map((n) => () => n * 2), { workers: 2, signal });
  // @ts-expect-error collect resolves to the tasks' results, numbers here
  const notStrings: string[] = await collect([1, 2, 3].map((n) => () => n * 2));
  // @ts-expect-error workers is a number
  await collect([], { workers: '2' });
  for (const next of resolve([() => 1])) {
    // @ts-expect-error resolve gives a promise of each result
    const wrong: string = await next;
  }
  const settled = await schedule(() => 'text');
  const text: string = settled.result();

  const semaphore = new Semaphore(2);
  // @ts-expect-error the number of permits is a number
  new Semaphore('2');
  const permit = await semaphore.acquireMany(2, { signal });
  // @ts-expect-error a permit is released as a whole
  permit.release(1);
  const taken: boolean = new BoundedSemaphore(1).tryAcquire();

  const length = new RateLimiter({ maxCalls: 2, period: 1000 }).wrap((word: string) => word.length);
  const size: number = await length('abc');
  // @ts-expect-error the wrapped function keeps its parameters
  await length(3);
  // @ts-expect-error period is required
  rateLimited({ maxCalls: 1 });

  const product: number = await inThread((a: number, b: number) => a * b, 6, 7);
  // @ts-expect-error the arguments must fit the function
  await inThread((a: number) => a, 'six');
  const sendable: boolean = isSendable({});
  // @ts-expect-error isSendable answers a boolean
  const notText: string = isSendable({});
  shippedTarget(() => 0);

  for await (const square of generateInThread(function* (n: number) {
    yield n * n;
  }, 3)) {
    // @ts-expect-error the generator yields numbers
    const wrong: string = square;
  }

  const answer: number = await run(async () => 42);
  const upper: string = runDecorator(async (word: string) => word.toUpperCase())('x');
  // @ts-expect-error the synchronous function keeps the parameters
  runDecorator(async (word: string) => word)(1);

  const redis = new Redis({ lazyConnect: true });
  const redisSemaphore = new RedisSemaphore({ redis, key: 'k', value: 2, leaseMs: 10_000 });
  const redisPermit = await redisSemaphore.acquireMany(2, { signal });
  const leaseLost: boolean = redisPermit.signal.aborted;
  await redisPermit.release();
  // @ts-expect-error a Redis permit is released as a whole
  await redisPermit.release(1);
  // @ts-expect-error value is a number
  new RedisSemaphore({ redis, key: 'k', value: '2' });
  // @ts-expect-error the client is required
  new RedisSemaphore({ key: 'k', value: 2 });
  const maybe: { times: number } | undefined = await redisSemaphore.tryAcquire();
  const redisLength = new RedisRateLimiter({ redis, key: 'k', maxCalls: 1, period: 10 }).wrap((word: string) => word.length);
  const redisSize: number = await redisLength('abc');
  // @ts-expect-error the wrapped function keeps its parameters
  await redisLength(3);
  const unavailableCode: 'ERR_AIOX_REDIS_UNAVAILABLE' = new RedisUnavailableError('x').code;

  const viaUmbrella: number[] = await aiox.collect([() => 1]);
  // @ts-expect-error the umbrella re-exports the same declarations
  const viaUmbrellaWrong: string[] = await aiox.collect([() => 1]);
  void [doubled, notStrings, text, taken, size, product, sendable, notText, answer, upper, viaUmbrella, viaUmbrellaWrong, leaseLost, maybe, redisSize, unavailableCode];
}
