/** Small Markdown helpers for text the bot did not write (agent output, command output). */
import { graphemeBoundaryFrom } from './graphemes.js';

/** A code fence longer than any backtick run inside, so the text cannot close it early. */
export function codeBlock(text: string, info = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text.replace(/\s+$/, '')}\n${fence}`;
}

/**
 * Agent prose goes into the PR body as Markdown, but must not open an HTML comment: that could
 * hide the rest of the body or forge the hidden metadata block.
 */
export function neutraliseComments(text: string): string {
  return text.replace(/<!--/g, '&lt;!--');
}

/**
 * At most the last `maxChars` characters, cut at a line start, or between graphemes when the
 * kept part is a single line, with a note saying how much was dropped.
 */
export function tail(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const from = text.length - maxChars;
  const firstBreak = text.indexOf('\n', from);
  const kept = text.slice(firstBreak >= 0 ? firstBreak + 1 : graphemeBoundaryFrom(text, from));
  return `… (${text.length - kept.length} earlier characters omitted)\n${kept}`;
}

/** A table cell: pipes escaped, one line. */
export function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

/** 725 -> "12 min 5 s". */
export function formatElapsed(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const secs = Math.round(seconds % 60);
  const parts = [hours > 0 ? `${hours} h` : '', minutes > 0 ? `${minutes} min` : '', secs > 0 || seconds === 0 ? `${secs} s` : ''];
  return parts.filter((part) => part !== '').join(' ');
}
