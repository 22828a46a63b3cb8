/**
 * Who runs a call that was sent ahead to a worker thread: the worker, when it
 * comes to start it, or the host, which may take it back for an idle worker
 * (or when the first worker dies, or the call is aborted). One Int32 a slot
 * in a SharedArrayBuffer, settled by compare-and-swap, so exactly one side
 * wins without a message between them. Used on both sides of a thread
 * session; a child process has no shared memory and gets no board.
 *
 * A slot holds the call's sequence number on its lane (low 28 bits) and its
 * state: a stale message for a slot since reused can never match.
 */
export const Claim = { Stolen: 0, Queued: 1, Started: 2, Done: 3 } as const;
export type Claim = (typeof Claim)[keyof typeof Claim];

/** Slots a lane has; more than the calls it ever holds at once. */
export const BOARD_SLOTS = 8;

export function newBoard(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(BOARD_SLOTS * Int32Array.BYTES_PER_ELEMENT));
}

function word(seq: number, state: Claim): number {
  return ((seq & 0x0fffffff) << 2) | state;
}

const slot = (seq: number): number => seq % BOARD_SLOTS;

/** Host: the call `seq` is about to be posted. */
export function markQueued(board: Int32Array, seq: number): void {
  Atomics.store(board, slot(seq), word(seq, Claim.Queued));
}

/** Moves `seq` from `from` to `to`; true if this side won. */
export function claim(board: Int32Array, seq: number, from: Claim, to: Claim): boolean {
  const expected = word(seq, from);
  return Atomics.compareExchange(board, slot(seq), expected, word(seq, to)) === expected;
}

/** The state of `seq`, or undefined when its slot has moved on to another call. */
export function stateOf(board: Int32Array, seq: number): Claim | undefined {
  const value = Atomics.load(board, slot(seq));
  return value >>> 2 === (seq & 0x0fffffff) ? ((value & 3) as Claim) : undefined;
}
