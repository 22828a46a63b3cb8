/**
 * The shapes every scenario produces and every report consumes. A scenario
 * only describes contenders and targets; timing, rounds and statistics live
 * in the harness so that all scenarios are measured the same way.
 */

/** Knobs shared by every scenario; `--quick` swaps in a smaller set. */
export interface Settings {
  readonly quick: boolean;
  /** Measured rounds per case (each round runs every contender once). */
  readonly rounds: number;
  /** Unmeasured rounds first, so the JIT has settled before we time anything. */
  readonly warmup: number;
  /**
   * A timed sample repeats its work until at least this long has been timed:
   * a 20 ms run can lose half its time to one descheduling by the other
   * tenants of the machine, a 200 ms run averages over many.
   */
  readonly minSampleMs: number;
  /** A sample that takes longer than this is recorded as a failure, not awaited forever. */
  readonly sampleTimeoutMs: number;
}

/** One way of doing the case's work. `sample` runs it once and returns one measurement. */
export interface Contender {
  readonly name: string;
  /** The library (or `floor`) behind it, used to colour the chart. */
  readonly kind: 'aiox' | 'peer' | 'floor';
  /** Runs the work once and returns the measurement in the case's unit. Throws when the output is wrong. */
  readonly sample: () => Promise<number>;
  /**
   * For contenders that take seconds per sample (p-queue's quadratic queue,
   * Bottleneck's timers): measured in only this many rounds, spread evenly
   * over the run, and not warmed up, so they do not dominate its length.
   */
  readonly rounds?: number;
}

/**
 * A target the reviewers check. `ratio`: the subject's median paired ratio
 * against `reference` must be at most `max` (a ratio below 1 means faster).
 * `value`: the subject's median must be at most `max` (in the case's unit).
 */
export type Target =
  | { readonly kind: 'ratio'; readonly subject: string; readonly reference: string; readonly max: number; readonly label: string }
  | { readonly kind: 'value'; readonly subject: string; readonly max: number; readonly label: string };

/** Everything a scenario declares about one case; the harness runs it. */
export interface CaseSpec {
  /** Stable id, e.g. `collect/sync/16`: keys in JSON and `--only` filters. */
  readonly id: string;
  readonly scenario: string;
  readonly title: string;
  /** What one measurement is, e.g. `ns/task`, `MiB`. */
  readonly unit: string;
  /** Work items per sample, for the record (the sample is already per item). */
  readonly ops: number;
  /** The hand-written lower bound, if the case has one. */
  readonly floor?: string;
  /** The peer the targets name (p-map, async-sema...). */
  readonly peer?: string;
  readonly contenders: readonly Contender[];
  readonly targets: readonly Target[];
  /** Overrides the settings' rounds for slow cases (memory runs a million items). */
  readonly rounds?: number;
  readonly warmup?: number;
  /** Extra context printed under the table and in the markdown. */
  readonly note?: string;
}

export interface ContenderResult {
  readonly name: string;
  readonly kind: Contender['kind'];
  /** One entry per measured round; `null` where the contender failed or was skipped. */
  readonly samples: readonly (number | null)[];
  readonly median: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** Half the interquartile range over the median: the round-to-round spread. */
  readonly spread: number | null;
  /** Median over rounds of (this sample / floor sample of the same round). */
  readonly vsFloor: number | null;
  /** Same, against the case's named peer. */
  readonly vsPeer: number | null;
  /** Same, against the peer with the lowest median in this case. */
  readonly vsBestPeer: number | null;
  readonly error?: string;
}

export interface TargetResult {
  readonly label: string;
  readonly kind: Target['kind'];
  readonly subject: string;
  /** The measured value the target is judged on (ratio or value). */
  readonly actual: number | null;
  readonly max: number;
  readonly pass: boolean;
  /** In how many rounds the target held on its own: a pass in 9/9 rounds is solid, 5/9 is noise. */
  readonly roundsPassing: number;
  readonly roundsMeasured: number;
}

export interface CaseResult {
  readonly id: string;
  readonly scenario: string;
  readonly title: string;
  readonly unit: string;
  readonly ops: number;
  readonly rounds: number;
  readonly floor: string | null;
  readonly peer: string | null;
  /** The fastest peer by median (not the floor, not aiox). */
  readonly bestPeer: string | null;
  readonly contenders: readonly ContenderResult[];
  readonly targets: readonly TargetResult[];
  readonly note?: string;
  readonly seconds: number;
  /** 1-minute load average when the case ended: a high one says "read these numbers with care". */
  readonly load: number;
}

/** A group of cases sharing a topic; one file in `src/scenarios`. */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** One paragraph for the markdown report: what is measured and how. */
  readonly description: string;
  /** Declares the cases; building them must be cheap, the harness does the work. */
  readonly cases: (settings: Settings) => readonly CaseSpec[];
  /**
   * Why the scenario cannot run on this machine (the redis scenario without a
   * redis-server), or undefined. A reason skips the scenario, with that
   * message, and the run goes on.
   */
  readonly unavailable?: () => string | undefined;
  /**
   * Starts what the cases need outside this process (a redis-server), before
   * the first selected case; returns what stops it, awaited after the last
   * one, whether or not the cases failed.
   */
  readonly setup?: () => Promise<() => Promise<void>>;
}

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly cases: readonly CaseResult[];
  /** Why it did not run (no cases then): `Scenario#unavailable`'s reason, or its setup's error. */
  readonly skipped?: string;
}

/** Everything one run produced: what `results/latest.json` holds and every report is drawn from. */
export interface RunReport {
  readonly machine: {
    readonly date: string;
    readonly node: string;
    readonly v8: string;
    readonly platform: string;
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGiB: number;
    readonly loadStart: number;
    readonly loadEnd: number;
    readonly packages: Readonly<Record<string, string>>;
  };
  readonly settings: Settings & { readonly only: readonly string[] };
  readonly scenarios: readonly ScenarioResult[];
  /** Every target of every case, flattened: the checklist the reviewers read. */
  readonly targets: readonly (TargetResult & { readonly case: string; readonly unit: string })[];
  readonly seconds: number;
}
