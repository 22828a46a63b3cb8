// A setup file of the runs in other runtimes (`vitest.runtimes.ts`): skips,
// with its reason, each single test a runtime cannot run, named in the
// package's `vitest.runtimes.ts` as "file > describe > ... > test". Whole files
// are left out by the config's `exclude` instead, never loaded.
import { beforeEach, inject } from 'vitest';
import './runtimes';

const skipped = inject('skippedTests');

beforeEach((context) => {
  const names: string[] = [];
  for (let task: { name: string; suite?: { name: string } | undefined } | undefined = context.task; task; task = task.suite)
    if (task.name) names.unshift(task.name);
  const reason = skipped[[context.task.file.name, ...names].join(' > ')];
  if (reason !== undefined) context.skip(`${inject('runtime')}: ${reason}`);
});
