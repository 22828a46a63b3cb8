/**
 * The benchmark CLI: runs the scenarios one case at a time, prints each
 * table as it finishes, then writes results/latest.json, results.md and
 * chart.svg. See README.md for what each scenario measures.
 */
import { parseArgs, usage } from './cli.js';
import { runCase } from './harness.js';
import { currentLoad, describeMachine } from './machine.js';
import { announceCase, printCase } from './report/console.js';
import { writeReport } from './report/files.js';
import { formatTarget } from './report/format.js';
import { scenarios } from './scenarios/index.js';
import type { CaseSpec, RunReport, ScenarioResult } from './types.js';

function selected(id: string, only: readonly string[]): boolean {
  return only.length === 0 || only.some((prefix) => id === prefix || id.startsWith(`${prefix}/`));
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(usage);
    return 0;
  }
  const { settings, only } = options;

  // A library bug that leaves a rejection unhandled must not kill the whole
  // run: it is reported, and the run is marked as failed at the end.
  let unhandled = 0;
  process.on('unhandledRejection', (reason) => {
    unhandled++;
    console.error(`  ! unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`);
  });

  const machine = describeMachine();
  console.log(`aiox bench · node ${machine.node} · ${machine.cpu} · ${machine.cores} cores · load ${machine.loadStart.toFixed(2)}`);
  if (settings.quick) console.log('quick run: small sizes, few rounds; numbers are indicative only');
  if (machine.loadStart > machine.cores / 2) {
    console.log(`note: the machine is busy (load ${machine.loadStart.toFixed(2)} on ${machine.cores} cores); expect noisy numbers`);
  }

  const started = performance.now();
  const results: ScenarioResult[] = [];
  let setupFailures = 0;
  for (const scenario of scenarios) {
    const specs = scenario.cases(settings).filter((c: CaseSpec) => selected(c.id, only));
    if (specs.length === 0) continue;
    console.log(`\n■ ${scenario.title}`);
    const about = { id: scenario.id, title: scenario.title, description: scenario.description };
    // A scenario that needs what this machine lacks (a redis-server) is
    // skipped with the reason, in the console and in the report; the rest run.
    const reason = scenario.unavailable?.();
    if (reason !== undefined) {
      console.log(`  skipped: ${reason}`);
      results.push({ ...about, cases: [], skipped: reason });
      continue;
    }
    let teardown: (() => Promise<void>) | undefined;
    try {
      teardown = await scenario.setup?.();
    } catch (error) {
      // It should have run here: skipped too, but the run fails.
      const message = `setup failed: ${error instanceof Error ? error.message : String(error)}`;
      console.error(`  ! ${message}`);
      setupFailures++;
      results.push({ ...about, cases: [], skipped: message });
      continue;
    }
    const cases = [];
    try {
      for (const spec of specs) {
        const progress = announceCase(spec, spec.rounds ?? settings.rounds);
        const result = await runCase(spec, settings, progress);
        printCase(result);
        cases.push(result);
      }
    } finally {
      await teardown?.();
    }
    results.push({ ...about, cases });
  }
  if (results.length === 0) {
    console.error(`--only ${only.join(',')} matches no scenario or case`);
    return 2;
  }

  const report: RunReport = {
    machine: { ...machine, loadEnd: currentLoad() },
    settings: { ...settings, only },
    scenarios: results,
    targets: results.flatMap((s) => s.cases.flatMap((c) => c.targets.map((t) => ({ ...t, case: c.id, unit: c.unit })))),
    seconds: (performance.now() - started) / 1000,
  };

  console.log('\n■ targets');
  for (const t of report.targets) console.log(`  ${t.pass ? '✔' : '✘'} ${formatTarget(t, t.unit)}   [${t.case}]`);

  const publish = options.save || (!settings.quick && only.length === 0);
  const written = writeReport(report, publish);
  console.log(`\nwrote ${written.join(', ')}`);
  if (!publish) console.log('(quick or partial run: latest.json, results.md and chart.svg left as they were; --save to overwrite)');
  console.log(`done in ${report.seconds.toFixed(0)} s, load ${report.machine.loadEnd.toFixed(2)}`);

  const failures = results.flatMap((s) => s.cases.flatMap((c) => c.contenders.filter((r) => r.error !== undefined)));
  // A contender that failed its output check, or a stray rejection, makes the
  // numbers untrustworthy: exit non-zero so nobody pastes them unnoticed.
  return failures.length > 0 || unhandled > 0 || setupFailures > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
