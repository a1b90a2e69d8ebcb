/**
 * Git trailer conventions (git-interpret-trailers(1)): trailers are `Key: value` lines forming the
 * last paragraph of a message; a line starting with whitespace continues the previous value. We
 * accept the paragraph only when every line is a trailer or a continuation, the strict form git
 * itself writes, so a summary that merely ends in "Note: ..." is not mistaken for metadata.
 */

export interface Trailer {
  key: string;
  value: string;
}

const TRAILER_LINE = /^([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)$/;
const CONTINUATION = /^[ \t]+\S/;

export interface SplitMessage {
  /** Everything before the trailer block, with line endings normalised and trailing blank lines removed. */
  text: string;
  trailers: Trailer[];
}

export function splitTrailers(message: string): SplitMessage {
  const lines = message.replace(/\r\n?/g, '\n').replace(/\s+$/, '').split('\n');
  let start = lines.length;
  while (start > 0 && lines[start - 1]!.trim() !== '') start -= 1;
  const block = lines.slice(start);
  const trailers = parseTrailerBlock(block);
  // The subject line is never a trailer block, even when it looks like `Key: value`.
  if (trailers === undefined || start === 0) return { text: lines.join('\n'), trailers: [] };
  return { text: lines.slice(0, start).join('\n').replace(/\s+$/, ''), trailers };
}

function parseTrailerBlock(block: string[]): Trailer[] | undefined {
  const trailers: Trailer[] = [];
  for (const line of block) {
    const match = TRAILER_LINE.exec(line);
    const last = trailers.at(-1);
    if (match) {
      trailers.push({ key: match[1]!, value: match[2]!.trim() });
    } else if (last && CONTINUATION.test(line)) {
      last.value = `${last.value} ${line.trim()}`.trim();
    } else {
      return undefined;
    }
  }
  return trailers.length > 0 ? trailers : undefined;
}

export function formatTrailers(trailers: readonly Trailer[]): string {
  return trailers
    .map(({ key, value }) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(key)) throw new Error(`invalid trailer key "${key}"`);
      if (/[\r\n]/.test(value)) throw new Error(`trailer ${key} must be a single line`);
      return `${key}: ${value}`;
    })
    .join('\n');
}

/** First value of a key, compared case-insensitively as git does. */
export function trailerValue(trailers: readonly Trailer[], key: string): string | undefined {
  const wanted = key.toLowerCase();
  return trailers.find((trailer) => trailer.key.toLowerCase() === wanted)?.value;
}
