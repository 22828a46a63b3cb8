/** Where and with what the numbers were taken: without this, a results file means little. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { findRedisServer } from '@aiox/internal/redis-server';
import type { RunReport } from './types.js';

export type Machine = Omit<RunReport['machine'], 'loadEnd'>;

const MEASURED = ['aiox', 'p-map', 'p-limit', 'p-queue', 'async-sema', 'async-mutex', 'p-throttle', 'bottleneck', 'ioredis'];

/** Read from node_modules next to the app: several of these packages do not export their package.json. */
function version(name: string): string {
  try {
    const url = new URL(`../node_modules/${name}/package.json`, import.meta.url);
    const json: unknown = JSON.parse(readFileSync(url, 'utf8'));
    const v = (json as { version?: unknown }).version;
    return typeof v === 'string' ? v : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The redis-server the redis scenario starts (`Redis server v=7.0.15 …`), when there is one. */
function redisServerVersion(): Record<string, string> {
  const binary = findRedisServer();
  if (binary === undefined) return {};
  try {
    const out = execFileSync(binary, ['--version'], { encoding: 'utf8' });
    return { 'redis-server': /v=(\S+)/.exec(out)?.[1] ?? 'unknown' };
  } catch {
    return { 'redis-server': 'unknown' };
  }
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadStart: os.loadavg()[0] ?? 0,
    packages: { ...Object.fromEntries(MEASURED.map((name) => [name, version(name)])), ...redisServerVersion() },
  };
}

export function currentLoad(): number {
  return os.loadavg()[0] ?? 0;
}
