const MAX_SHOWN = 60;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

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
  return `${graphemeStart(json, MAX_SHOWN - 4)}..."`;
}

/** At most `max` UTF-16 units of `text`, never ending inside an emoji or an accented letter. */
function graphemeStart(text: string, max: number): string {
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}
