// Every entry of every installed aiox package through `import`. The named
// imports fail at link time if an ESM entry lacks them; the rest are loaded
// by their package.json `exports`, so a new subpath is checked too.
import { collect } from '@aiox/collect';
import { Semaphore } from '@aiox/semaphore';
import { RateLimiter } from '@aiox/rate-limit';
import { inThread } from '@aiox/pool';
import { generateInThread } from '@aiox/generate';
import { run, runDecorator } from '@aiox/run';
import { collect as umbrellaCollect, run as umbrellaRun } from 'aiox';
import checks from './exercise.cjs';

const named = { collect, Semaphore, RateLimiter, inThread, generateInThread, run, runDecorator, umbrellaCollect, umbrellaRun };
for (const [name, value] of Object.entries(named)) {
  if (typeof value !== 'function') throw new Error(`import: ${name} is ${typeof value}, not a function`);
}
const modules = {};
for (const entry of checks.entriesOf(process.argv.slice(2))) modules[entry] = await import(entry);
await checks.exercise(modules);
