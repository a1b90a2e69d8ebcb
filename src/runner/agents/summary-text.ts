import { stripVTControlCharacters } from 'node:util';

/** Summaries go into a commit body and a PR body: long enough to be useful, short enough to read. */
export const MAX_SUMMARY_CHARS = 4000;

export function clampSummary(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  return trimmed.length > MAX_SUMMARY_CHARS ? `${trimmed.slice(0, MAX_SUMMARY_CHARS - 1)}…` : trimmed;
}

/** The last `count` non-empty lines of terminal output, colours and cursor codes removed. */
export function lastLines(output: string, count: number): string | undefined {
  const lines = stripVTControlCharacters(output)
    .split(/\r?\n|\r/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  const tail = lines.slice(-count).join('\n');
  if (tail.length <= MAX_SUMMARY_CHARS) return clampSummary(tail);
  return clampSummary(`…${tail.slice(-(MAX_SUMMARY_CHARS - 1))}`);
}

/** Each line of `output` that is a JSON object, in order; other lines are skipped. */
export function jsonObjectLines(output: string): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  for (const line of output.split('\n')) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        objects.push(value as Record<string, unknown>);
      }
    } catch {
      // A truncated first line of a bounded tail, or plain text that happens to start with "{".
    }
  }
  return objects;
}
