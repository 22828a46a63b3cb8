/** A task as the workers call it; a task that is not a function is awaited as it is. */
export type Thunk = (signal: AbortSignal) => unknown;

/** The mapper form's function, as the workers call it. */
export type MapItem = (item: unknown, index: number, signal: AbortSignal) => unknown;
