// ExecutorPool#open: a task that talks with its caller while it runs, over both runtimes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExecutorPool } from './executor-pool';
import { moduleTask } from './index';
import { IdleExit } from './errors';
import type { TaskPort } from './task-port';
import { childPids, RUNTIMES } from './testing/helpers';

const pools: ExecutorPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.shutdown({ wait: false })));
  expect(childPids()).toEqual([]);
});

function start(runtime: (typeof RUNTIMES)[number], maxWorkers = 1): ExecutorPool {
  const pool = new ExecutorPool(runtime);
  pool.initialize({ maxWorkers });
  pools.push(pool);
  return pool;
}

const drivers = new URL('./testing/fixtures/drivers.mjs', import.meta.url);

// Shipped by source: echoes each message doubled until it gets 'stop', then answers how many it saw.
function echo(port: TaskPort): Promise<number> {
  return new Promise((resolve) => {
    let seen = 0;
    port.onMessage((message) => {
      if (message === 'stop') return resolve(seen);
      seen++;
      port.send((message as number) * 2);
    });
  });
}

describe.each(RUNTIMES)('ExecutorPool#open in %s', (runtime) => {
  it('carries messages both ways, in order, and settles with the task', async () => {
    const pool = start(runtime);
    const heard: unknown[] = [];
    const task = pool.open(echo, [], { onMessage: (message) => heard.push(message) });
    for (let i = 0; i < 100; i++) task.send(i);
    task.send('stop');
    expect(await task.result).toBe(100);
    expect(heard).toEqual(Array.from({ length: 100 }, (_, i) => i * 2));
  });

  it('messages sent before the worker is free reach the task when it starts', async () => {
    const pool = start(runtime);
    const busy = pool.call((ms: number) => new Promise((resolve) => setTimeout(resolve, ms, 'done')), [200]);
    const task = pool.open(echo, []);
    task.send(1);
    task.send(2);
    task.send('stop');
    expect(pool.queued).toBe(1);
    expect(await busy).toBe('done');
    expect(await task.result).toBe(2);
  });

  it('holds its worker alone: a call made meanwhile waits instead of being sent ahead', async () => {
    const pool = start(runtime);
    const task = pool.open(echo, []);
    task.send(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const call = pool.call(() => 'after', []);
    expect(pool.queued).toBe(1);
    task.send('stop');
    expect(await task.result).toBe(1);
    expect(await call).toBe('after');
  });

  it('a driver runs the function: a generator function is accepted then', async () => {
    const pool = start(runtime);
    const plus = pool.open((a: number) => a * 10, [4], { driver: moduleTask(drivers, 'addData'), driverData: 2 });
    expect(await plus.result).toBe(42);
    const values: unknown[] = [];
    const pumped = pool.open(
      function* (n: number) {
        for (let i = 0; i < n; i++) yield i;
      },
      [5],
      { driver: moduleTask(drivers, 'pump'), onMessage: (value) => values.push(value) },
    );
    expect(await pumped.result).toBe(5);
    expect(values).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a generator function without a driver, and bad options, at once', () => {
    const pool = start(runtime);
    expect(() => pool.open(function* () {} as never, [])).toThrow(/generator function/);
    expect(() => pool.open(echo, [], { onMessage: 3 as never })).toThrow(/options.onMessage must be a function \(received 3\)/);
    expect(() => pool.open(echo, [], { driver: 'x' as never })).toThrow(TypeError);
    expect(() => pool.open(echo, 'x' as never)).toThrow(/args must be an array/);
  });

  it('a message that cannot be copied is a TypeError that names it, and the task carries on', async () => {
    const pool = start(runtime);
    const task = pool.open(echo, []);
    expect(() => task.send({ f: () => 1 })).toThrow(TypeError);
    task.send(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(() => task.send({ f: () => 1 })).toThrow(/the message\.f/);
    task.send('stop');
    expect(await task.result).toBe(1);
  });

  it('an abort ends the task with its worker; a death mid-task says how it died', async () => {
    const pool = start(runtime);
    const controller = new AbortController();
    const task = pool.open(echo, [], { signal: controller.signal });
    task.send(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(new Error('enough'));
    await expect(task.result).rejects.toThrow('enough');
    const dying = pool.open((port: TaskPort) => new Promise(() => port.onMessage(() => process.exit(7))), []);
    dying.send('die');
    await expect(dying.result).rejects.toThrow(/exit(ed)? .*code 7|code 7/);
    expect(await pool.call(() => 'replaced', [])).toBe('replaced');
  });

  it('unref(): a task left waiting no longer keeps the process alive; ref() keeps it', async () => {
    const script = (ref: boolean): string => `
      import { ExecutorPool } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
      const pool = new ExecutorPool(${JSON.stringify(runtime)});
      const task = pool.open((port) => new Promise((resolve) => port.onMessage(resolve)), [], { onMessage: () => {} });
      task.result.catch((error) => console.log('ended:', error.code));
      setTimeout(() => { task.unref(); ${ref ? 'task.ref();' : ''} console.log('left'); }, 300);
    `;
    const runScript = (ref: boolean): Promise<{ out: string; exited: boolean }> =>
      new Promise((resolve) => {
        const file = join(mkdtempSync(join(tmpdir(), 'aiox-open-')), 'main.mjs');
        writeFileSync(file, script(ref));
        const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 4000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          rmSync(dirname(file), { recursive: true, force: true });
          resolve({ out, exited: code === 0 });
        });
      });
    const [unreffed, reffed] = await Promise.all([runScript(false), runScript(true)]);
    expect(unreffed).toEqual({ out: 'left\nended: ERR_AIOX_IDLE_EXIT\n', exited: true });
    expect(reffed).toEqual({ out: 'left\n', exited: false });
    expect(new IdleExit().code).toBe('ERR_AIOX_IDLE_EXIT');
  });
});
