/**
 * Lines longer than this are not parsed. The largest real lines are Claude's assistant events
 * carrying a whole written file as tool input; usage never needs anything that large, and a
 * hostile agent printing gigabytes on one line must not make the runner parse them.
 */
export const MAX_LINE_CHARS = 8 * 1024 * 1024;

export type JsonRecord = Record<string, unknown>;

/** The JSON object (or each object of a JSON array) on one line; nothing for anything else. */
export function jsonRecords(line: string): JsonRecord[] {
  if (line.length > MAX_LINE_CHARS) return [];
  const text = line.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  // `claude -p --output-format json --verbose` prints every message as one JSON array.
  const values = Array.isArray(value) ? value : [value];
  return values.filter(isRecord);
}

export function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function recordAt(value: unknown, key: string): JsonRecord | undefined {
  if (!isRecord(value)) return undefined;
  const inner = value[key];
  return isRecord(inner) ? inner : undefined;
}

/** A finite, non-negative number; anything else (negative, NaN, a string) counts as absent. */
export function amount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * An agent session id as Claude (a UUID) and Codex (a UUID v7) print them. Anything else is
 * dropped: the id goes back into the agent's argv for `--resume`, and an id like
 * `--dangerously-skip-permissions` must never get there.
 */
export function sessionId(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(value) ? value : undefined;
}
