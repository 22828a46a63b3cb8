import { randomUUID } from 'node:crypto';

/**
 * Every key of one limit starts with `aiox:{<key>}`: the braces are a Redis
 * Cluster hash tag, so all of them live in one slot and one script may touch
 * them all.
 */
export function semaphoreKeys(key: string): { keys: readonly string[]; channel: string } {
  const base = `aiox:{${key}}:sem`;
  return { keys: [base, `${base}:holders`, `${base}:queue`, `${base}:wait`, `${base}:want`], channel: `${base}:granted` };
}

export function rateLimitKeys(key: string): readonly string[] {
  const base = `aiox:{${key}}:rl`;
  return [base, `${base}:options`];
}

// One token a process, so ids from different processes and machines never meet.
const processToken = randomUUID().slice(0, 13);
let counter = 0;

/** A fresh id for one acquire: unique across every caller of every key. */
export function nextId(): string {
  counter += 1;
  return `${processToken}:${counter.toString(36)}`;
}

/** Whether an id was made by this process (grants for others' ids are not ours to remember). */
export function isOwnId(id: string): boolean {
  return id.startsWith(processToken);
}
