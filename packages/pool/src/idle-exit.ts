// Lets a task that waits on its caller stop keeping the process alive.
//
// Tinypool keeps a task's worker referenced (a MessagePort of its own, and
// for a child process its stdin pipe) for as long as the task runs, and
// offers no way to unreference it. So an unreferenced task is ended when it
// is all that is left: when every handle that keeps the event loop alive is
// one that such tasks hold, no code can ever run again to talk to them.
import { MessagePort } from 'node:worker_threads';

const CHECK_EVERY_MS = 100;

/** An unreferenced task, as this watch sees it. */
export interface IdleTask {
  /** Its worker runs it (and so holds the handles counted for it). */
  holding(): boolean;
  /** Nothing else keeps the process alive: end now. */
  end(): void;
}

const idle = new Set<IdleTask>();
let timer: NodeJS.Timeout | undefined;

export function watchIdle(task: IdleTask): void {
  idle.add(task);
  timer ??= setInterval(check, CHECK_EVERY_MS).unref();
}

// The timer stops at a check that finds nothing to watch, not at once: a
// generator pulled value by value would otherwise set one up per value.
export function unwatchIdle(task: IdleTask): void {
  idle.delete(task);
}

/**
 * Handles of the pools' own child processes (their stdio pipes): listed as
 * active while a child runs a task, whose MessagePort is what is counted.
 */
const own = new WeakSet<object>();

export function ownHandles(...handles: readonly (object | null | undefined)[]): void {
  for (const handle of handles) if (handle) own.add(handle);
}

// Timers, immediates, sockets, file requests...: anything else is something
// that may still run code and talk to the task.
const COUNTED = new Set(['MessagePort', 'PipeWrap', 'TTYWrap']);

type HandleLister = () => object[];

/** Whether the holding tasks are all that keeps the event loop alive. */
function onlyTasksLeft(holding: number): boolean {
  if (!process.getActiveResourcesInfo().every((type) => COUNTED.has(type))) return false;
  // Undocumented but present since Node 0.x: the handle objects themselves,
  // which tell our ports and pipes from the program's.
  const list = (process as unknown as { _getActiveHandles?: HandleLister })._getActiveHandles;
  if (typeof list !== 'function') return false;
  let ports = 0;
  for (const handle of list.call(process)) {
    if (handle instanceof MessagePort) ports++;
    // Written to, never waited on: they do not keep a program running.
    else if (handle !== process.stdout && handle !== process.stderr && !own.has(handle)) return false;
  }
  return ports <= holding;
}

function check(): void {
  if (idle.size === 0) {
    clearInterval(timer);
    timer = undefined;
    return;
  }
  const holding = [...idle].filter((task) => task.holding());
  if (holding.length === 0 || !onlyTasksLeft(holding.length)) return;
  for (const task of holding) {
    unwatchIdle(task);
    task.end();
  }
}
