import { type SignalWatch, SignalWatches } from '@aiox/internal';
import type { RateLimitSettings } from './options';
import { readSignal } from './options';
import { StartWindow } from './start-window';
import { Waiter } from './waiter';
import { WaiterQueue } from './waiter-queue';

/** Shared by every start granted at once: the fast path allocates nothing. */
const STARTED: Promise<void> = /* @__PURE__ */ Promise.resolve();

/** setTimeout's ceiling everywhere; a longer delay would overflow and fire at once. */
const MAX_DELAY = 0x7fffffff;

/**
 * Decides when each call may start: at once when the rules allow it and
 * nobody waits, otherwise in arrival order behind one timer armed for the
 * head of the queue. The clock, not the timer, is the judge: a timer that
 * fires early re-arms, one that fires late starts everyone now allowed.
 */
export class StartScheduler {
  private readonly window: StartWindow;
  private readonly minInterval: number;
  private lastStart = -Infinity;
  private readonly queue = new WaiterQueue();
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private readonly onTimer: () => void;
  /**
   * The one listener kept on each signal that waiters share. Made on first
   * use, so a limiter that never waits with a signal pays nothing.
   */
  private signals: SignalWatches<Waiter> | undefined = undefined;

  constructor(settings: RateLimitSettings) {
    this.window = new StartWindow(settings.maxCalls, settings.period);
    this.minInterval = settings.minInterval;
    this.onTimer = () => {
      this.timer = undefined;
      this.drain();
    };
  }

  get waiting(): number {
    return this.queue.size;
  }

  /** Takes a start slot now if nobody waits and both rules allow it. */
  tryStart(): boolean {
    if (this.queue.size !== 0) return false;
    const now = performance.now();
    if (this.waitAt(now) > 0) return false;
    this.startAt(now);
    return true;
  }

  acquire(options: unknown): Promise<void> {
    let signal: AbortSignal | undefined;
    if (options !== undefined) {
      try {
        // Throws an already aborted signal's reason too: the call rejects with it.
        signal = readSignal(options);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.tryStart() ? STARTED : this.enqueue(signal);
  }

  /** Waits behind everyone already waiting; call only after `tryStart()` said no. */
  enqueue(signal: AbortSignal | undefined): Promise<void> {
    // A queue that was empty has no timer yet; otherwise the armed one is
    // for the head and stays right. Armed before the waiter is queued: if
    // setTimeout throws, the call fails and leaves no waiter behind.
    if (this.timer === undefined) {
      try {
        this.arm(this.waitAt(performance.now()));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const waiter = new Waiter();
    this.queue.push(waiter);
    // Last, once the waiter is queued and timed: a signal-like object may
    // call back into this scheduler from addEventListener.
    if (signal !== undefined) {
      this.signals ??= new SignalWatches((watch, reason) => this.abort(watch, reason));
      this.signals.watch(signal, waiter);
    }
    return waiter.promise;
  }

  /** Rejects every waiter of an aborted (or unwatchable) signal. */
  private abort(watch: SignalWatch<Waiter>, reason: unknown): void {
    for (let waiter = watch.shift(); waiter !== undefined; waiter = watch.shift()) {
      this.queue.remove(waiter);
      waiter.reject(reason);
    }
    // When the head leaves, the armed timer still fits the new head: when the
    // next call may start depends on past starts only, not on who waits.
    if (this.queue.size === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** How long until the rules let the next call start; zero or less: now. */
  private waitAt(now: number): number {
    // As a difference, for the reason StartWindow#waitAt gives.
    const spacing = this.minInterval - (now - this.lastStart);
    const windowed = this.window.waitAt(now);
    return spacing > windowed ? spacing : windowed;
  }

  private startAt(now: number): void {
    this.lastStart = now;
    this.window.record(now);
  }

  private arm(wait: number): void {
    // Whole milliseconds, rounded up: some runtimes drop the fraction, and a
    // timer that fires before the clock allows costs a re-arm.
    const delay = Math.ceil(wait);
    this.timer = setTimeout(this.onTimer, delay < MAX_DELAY ? delay : MAX_DELAY);
  }

  private drain(): void {
    const now = performance.now();
    for (let waiter = this.queue.head; waiter !== undefined; waiter = this.queue.head) {
      const wait = this.waitAt(now);
      if (wait > 0) {
        // Unless a signal-like object queued a call from removeEventListener
        // below, and so armed the timer already.
        if (this.timer === undefined) this.arm(wait);
        return;
      }
      // The slot is taken before the signal is touched, as a signal-like
      // object may call back into this scheduler from removeEventListener.
      // Grants are FIFO, so this waiter is the first of its signal's list; no
      // abort can be pending for it either, since only a timer runs drain,
      // never an abort listener.
      this.queue.remove(waiter);
      this.startAt(now);
      if (waiter.watch !== undefined) this.signals?.unwatch(waiter);
      waiter.resolve();
    }
  }
}
