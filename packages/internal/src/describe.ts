/**
 * How a received value is shown in an error message: short, unambiguous and
 * never throwing (a Proxy or an object with a hostile `toString` must not
 * turn a TypeError into something else). Written as a chain of `typeof`
 * tests rather than a switch: it is bundled into every package, and this
 * form minifies to the least.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (typeof value === 'bigint') return `${value}n`;
  // Numbers, booleans, undefined, symbols and null; String(-0) would say 0.
  if (value === null || typeof value !== 'object') return Object.is(value, -0) ? '-0' : String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  let name: unknown;
  try {
    name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  } catch {
    // A hostile getter: described as any other object.
  }
  return typeof name === 'string' && name !== 'Object' ? `an instance of ${name}` : 'an object';
}
