import { Worker } from 'node:worker_threads';

/**
 * The Node flags a pool's child process starts with: the host's own
 * (`process.execArgv`, so loaders, `--conditions` and the like carry over)
 * without those that name the host's entry instead of configuring Node. A
 * host started with `node --input-type=module -e …` would otherwise give its
 * children `--input-type`, which Node refuses for a file, and a host started
 * with `-e`/`-p` whose argv list is copied (as it must be to add a heap cap)
 * would make each child run the host's script again instead of the worker.
 */
export function childExecArgv(execArgv: readonly string[], extra: readonly string[] = []): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i] as string;
    const name = flag.split('=', 1)[0] as string;
    if (ENTRY_FLAGS_WITH_VALUE.has(name)) {
      // `--eval=code` carries its value; `-e code` and `--eval code` take the next one.
      if (!flag.includes('=')) i++;
      continue;
    }
    if (ENTRY_FLAGS.has(name)) continue;
    kept.push(flag);
  }
  return [...kept, ...extra];
}

const ENTRY_FLAGS_WITH_VALUE = new Set(['-e', '--eval', '-p', '--print', '--input-type']);
const ENTRY_FLAGS = new Set(['-i', '--interactive', '-c', '--check', '--test']);

let threadFlags: string[] | undefined | null = null;

/**
 * The Node flags for a pool's worker threads: undefined (inherit the host's,
 * as Node does by default) unless the host was started with `--input-type`,
 * which makes every worker fail as it loads its file. Then the host's flags
 * without it, and without those a worker refuses to be given explicitly (V8
 * and per-process flags, which it shares with the host anyway), found by
 * asking Node once.
 */
export function threadExecArgv(): string[] | undefined {
  if (threadFlags !== null) return threadFlags;
  if (!process.execArgv.some((flag) => flag.split('=', 1)[0] === '--input-type')) return (threadFlags = undefined);
  const flags = childExecArgv(process.execArgv);
  try {
    void new Worker('', { eval: true, execArgv: flags }).terminate();
    return (threadFlags = flags);
  } catch (error) {
    const refused = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_INVALID_EXEC_ARGV' ? refusedFlags(error as Error) : [];
    return (threadFlags = flags.filter((flag) => !refused.includes(flag)));
  }
}

/** The flags named by Node's "Initiated Worker with invalid execArgv flags: a, b". */
function refusedFlags(error: Error): string[] {
  const list = error.message.slice(error.message.indexOf(': ') + 2);
  return list.split(', ');
}
