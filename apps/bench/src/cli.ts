/** Command-line flags. Small enough not to need a parser library. */
import type { Settings } from './types.js';

export interface Options {
  readonly settings: Settings;
  /** Scenario or case id prefixes (`collect`, `collect/sync`, `semaphore/contended`); empty means all. */
  readonly only: readonly string[];
  /** Overwrite the committed results even for a quick or partial run. */
  readonly save: boolean;
  readonly help: boolean;
}

export const usage = `Usage: node --expose-gc dist/index.js [options]

  --quick            smaller sizes and 3 rounds: a smoke run in well under a minute
  --only <ids>       comma-separated scenario or case ids, e.g. collect, collect/sync, semaphore/contended, redis
  --rounds <n>       measured rounds per case (default 9, quick 3)
  --save             also overwrite results/latest.json, results.md and chart.svg
                     (a full run does this anyway; quick and --only runs only write results/raw-*.json)
  --help             this text
`;

function positiveInt(flag: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${flag} must be an integer >= 1 (received ${String(raw)})`);
  return n;
}

export function parseArgs(argv: readonly string[]): Options {
  let quick = false;
  let save = false;
  let help = false;
  let rounds: number | undefined;
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      // pnpm 7+ passes a literal `--` through to the script.
      case '--':
        break;
      case '--quick':
        quick = true;
        break;
      case '--save':
        save = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      case '--only':
        only.push(...(value() ?? '').split(',').map((s) => s.trim()).filter(Boolean));
        break;
      case '--rounds':
        rounds = positiveInt('--rounds', value());
        break;
      default:
        throw new TypeError(`unknown argument ${arg}\n\n${usage}`);
    }
  }
  return {
    settings: {
      quick,
      rounds: rounds ?? (quick ? 3 : 9),
      warmup: 1,
      minSampleMs: quick ? 50 : 200,
      sampleTimeoutMs: 120_000,
    },
    only,
    save,
    help,
  };
}
