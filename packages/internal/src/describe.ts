/**
 * How a received value is shown in an error message: short, unambiguous and
 * never throwing (a Proxy or an object with a hostile `toString` must not
 * turn a TypeError into something else).
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
    case 'boolean':
    case 'symbol':
      return String(value);
    case 'function':
      return `a function${value.name ? ` (${value.name})` : ''}`;
    default:
      if (value === null) return 'null';
      if (Array.isArray(value)) return `an array of length ${value.length}`;
      try {
        const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
        return typeof name === 'string' && name !== 'Object' ? `an instance of ${name}` : 'an object';
      } catch {
        return 'an object';
      }
  }
}
