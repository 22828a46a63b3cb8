import type { MapItem } from './task';

/** What `collect` and `resolve` were called with, in either form. */
export interface CallForm {
  /** The first argument's name in messages: `tasks`, or `items` in the mapper form. */
  readonly sourceName: 'tasks' | 'items';
  readonly mapper: MapItem | undefined;
  readonly options: unknown;
}

/**
 * `collect(tasks, options)` or `collect(items, mapper, options)`, as p-map
 * takes it: a function as second argument makes the first one plain items.
 * Nothing else is ever a function there, so the check is unambiguous.
 */
export function callForm(second: unknown, third: unknown): CallForm {
  return typeof second === 'function'
    ? { sourceName: 'items', mapper: second as MapItem, options: third }
    : { sourceName: 'tasks', mapper: undefined, options: second };
}
