/**
 * Runs a case: every contender once per round, in an order that changes
 * each round, several rounds, medians and paired ratios at the end. Other
 * engineers share this two-core machine, so no single sample is trusted: a
 * load burst lands on whoever runs at that moment, the changing order
 * spreads it over everyone, and the median of round-by-round ratios
 * discards it.
 */
import { currentLoad } from './machine.js';
import { maximum, median, minimum, pairedRatios, relativeSpread } from './stats.js';
import type { CaseResult, CaseSpec, Contender, ContenderResult, Settings, Target, TargetResult } from './types.js';
import { leaseTask, type Task } from './work.js';

export interface Progress {
  /** Called after each measured round with the number done so far. */
  round(done: number, total: number): void;
}

/**
 * Times `run` and returns nanoseconds per operation. The first run is a
 * settling run, discarded when it is short: it absorbs the garbage the
 * previous contender left for the collector and any lazy compilation. Then
 * the work repeats until `minMs` have been timed, so that one descheduling
 * by another tenant of the machine cannot double a sample. A run that alone
 * fills `minMs` is kept: discarding it would double a slow contender's cost
 * for a bias of a few percent. `check` sees every output after the clock
 * stops, so verifying it is free, and a contender that skips work fails
 * loudly instead of winning.
 *
 * No full GC is forced before a timed sample: `gc()` shrinks the young
 * generation, and the runs after it were measured 2 to 7 times slower at
 * 20,000 setImmediate tasks, for one run or two, whoever the contender.
 */
export async function nsPerOp<T>(
  ops: number,
  run: () => Promise<T>,
  check: (output: T) => void,
  minMs: number,
): Promise<number> {
  const once = async (): Promise<number> => {
    const start = performance.now();
    const output = await run();
    const elapsed = performance.now() - start;
    check(output);
    return elapsed;
  };
  const first = await once();
  if (first >= minMs) return (first * 1e6) / ops;
  let elapsed = 0;
  let done = 0;
  do {
    elapsed += await once();
    done += ops;
  } while (elapsed < minMs);
  return (elapsed * 1e6) / done;
}

/**
 * `nsPerOp` for a contender that builds its input from a task: every run is
 * handed a task of its own, which expires when the run ends. Building the
 * input is part of the timed run, as it is part of every user's call; a
 * contender that reused what an earlier run built fails (see `leaseTask`).
 */
export function nsPerFreshRun<T>(
  ops: number,
  fn: Task,
  who: string,
  run: (task: Task) => Promise<T>,
  check: (output: T) => void,
  minMs: number,
): Promise<number> {
  return nsPerOp(
    ops,
    async () => {
      const lease = leaseTask(fn, who);
      try {
        return await run(lease.task);
      } finally {
        lease.expire();
      }
    },
    check,
    minMs,
  );
}

/** Whether a contender limited to `limit` rounds takes part in round `round` of `total`. */
function takesPart(contender: Contender, round: number, total: number): boolean {
  if (contender.rounds === undefined || contender.rounds >= total) return true;
  return round % Math.ceil(total / contender.rounds) === 0;
}

/**
 * The order of round `round`: a Williams design. Every contender runs first
 * in some round, and each one follows every other about equally often, so
 * whatever a contender leaves behind (garbage, a cold cache, a busy timer
 * list) is not always paid by the same neighbour, as it would be with a
 * plain rotation. For an odd count the mirrored rows complete the balance.
 */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const n = items.length;
  if (n === 0) return [];
  const base: number[] = [];
  for (let i = 0, lo = 0, hi = n - 1; i < n; i++) base.push(i % 2 === 0 ? lo++ : hi--);
  // base = 0, n-1, 1, n-2, ...: consecutive differences are all distinct mod n.
  const row = base.map((b) => items[(b + round) % n] as T);
  return n % 2 === 1 && Math.floor(round / n) % 2 === 1 ? row.reverse() : row;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function sampleOnce(contender: Contender, settings: Settings): Promise<number> {
  return withTimeout(contender.sample(), settings.sampleTimeoutMs, contender.name);
}

export async function runCase(spec: CaseSpec, settings: Settings, progress?: Progress): Promise<CaseResult> {
  const started = performance.now();
  const rounds = spec.rounds ?? settings.rounds;
  const warmup = spec.warmup ?? settings.warmup;
  const samples = new Map<string, (number | null)[]>();
  const errors = new Map<string, string>();
  for (const c of spec.contenders) samples.set(c.name, []);

  const live = (): Contender[] => spec.contenders.filter((c) => !errors.has(c.name));

  for (let w = 0; w < warmup; w++) {
    for (const c of roundOrder(live(), w)) {
      if (c.rounds !== undefined) continue;
      try {
        await sampleOnce(c, settings);
      } catch (error) {
        errors.set(c.name, describeError(error));
      }
    }
  }

  for (let r = 0; r < rounds; r++) {
    const order = roundOrder(spec.contenders, r);
    for (const c of order) {
      const series = samples.get(c.name) ?? [];
      if (errors.has(c.name) || !takesPart(c, r, rounds)) {
        series[r] = null;
        continue;
      }
      try {
        series[r] = await sampleOnce(c, settings);
      } catch (error) {
        series[r] = null;
        errors.set(c.name, describeError(error));
      }
    }
    progress?.round(r + 1, rounds);
  }

  const seriesOf = (name: string | undefined): (number | null)[] | undefined =>
    name === undefined ? undefined : samples.get(name);

  const medians = new Map(spec.contenders.map((c) => [c.name, median(seriesOf(c.name) ?? [])] as const));
  const bestPeer =
    spec.contenders
      .filter((c) => c.kind === 'peer' && medians.get(c.name) != null)
      .sort((a, b) => (medians.get(a.name) ?? Infinity) - (medians.get(b.name) ?? Infinity))[0]?.name ?? null;

  const ratio = (name: string, reference: string | null | undefined): number | null => {
    const a = seriesOf(name);
    const b = seriesOf(reference ?? undefined);
    if (a === undefined || b === undefined) return null;
    return median(pairedRatios(a, b));
  };

  const contenders: ContenderResult[] = spec.contenders.map((c) => {
    const series = seriesOf(c.name) ?? [];
    const error = errors.get(c.name);
    return {
      name: c.name,
      kind: c.kind,
      samples: series,
      median: medians.get(c.name) ?? null,
      min: minimum(series),
      max: maximum(series),
      spread: relativeSpread(series),
      vsFloor: ratio(c.name, spec.floor),
      vsPeer: ratio(c.name, spec.peer),
      vsBestPeer: ratio(c.name, bestPeer),
      ...(error === undefined ? {} : { error }),
    };
  });

  return {
    id: spec.id,
    scenario: spec.scenario,
    title: spec.title,
    unit: spec.unit,
    ops: spec.ops,
    rounds,
    floor: spec.floor ?? null,
    peer: spec.peer ?? null,
    bestPeer,
    contenders,
    targets: spec.targets.map((t) => judge(t, seriesOf)),
    ...(spec.note === undefined ? {} : { note: spec.note }),
    seconds: (performance.now() - started) / 1000,
    load: currentLoad(),
  };
}

/**
 * Judges a target on the median, and also counts the rounds in which it held
 * on its own, so a reader can tell a solid pass from a coin flip.
 */
function judge(target: Target, seriesOf: (name: string) => (number | null)[] | undefined): TargetResult {
  const subject = seriesOf(target.subject) ?? [];
  const values =
    target.kind === 'ratio'
      ? pairedRatios(subject, seriesOf(target.reference) ?? [])
      : subject.filter((v): v is number => v !== null);
  const actual = median(values);
  return {
    label: target.label,
    kind: target.kind,
    subject: target.subject,
    actual,
    max: target.max,
    pass: actual !== null && actual <= target.max,
    roundsPassing: values.filter((v) => v <= target.max).length,
    roundsMeasured: values.length,
  };
}
