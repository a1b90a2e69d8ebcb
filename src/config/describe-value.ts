const MAX_SHOWN = 60;

/**
 * How a received value reads in a problem message: `"25:00"`, `42`, `nothing`. Long values are
 * cut, so one huge array never buries the other problems.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return String(value);
  const json = JSON.stringify(value);
  if (json.length <= MAX_SHOWN) return json;
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === 'object' && value !== null) return `an object with keys ${Object.keys(value).join(', ')}`;
  return `${json.slice(0, MAX_SHOWN - 4)}..."`;
}
