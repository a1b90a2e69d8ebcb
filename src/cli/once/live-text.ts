import { stripVTControlCharacters } from 'node:util';

const TEXT_KEYS = ['text', 'message', 'result', 'command', 'content', 'delta'] as const;

/**
 * What a live line shows of one line of agent output: the line without terminal codes, or for
 * the JSON event lines some agents print (`codex --json`), the event's type and its first text.
 * Undefined for a blank line, which keeps the previous one on screen.
 */
export function liveText(line: string): string | undefined {
  const clean = stripVTControlCharacters(line).replace(/\s+/g, ' ').trim();
  if (clean === '') return undefined;
  if (!clean.startsWith('{')) return clean;
  let event: unknown;
  try {
    event = JSON.parse(clean);
  } catch {
    return clean;
  }
  const type = findString(event, ['type'], 2);
  const text = findString(event, TEXT_KEYS, 3);
  if (type === undefined && text === undefined) return clean;
  return [type, text].filter(Boolean).join(': ');
}

/** The first string under one of `keys`, looking `depth` levels into nested objects. */
function findString(value: unknown, keys: readonly string[], depth: number): string | undefined {
  if (value === null || typeof value !== 'object' || depth === 0) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of keys) {
    const found = record[key];
    if (typeof found === 'string' && found.trim() !== '') return found.replace(/\s+/g, ' ').trim();
  }
  for (const nested of Object.values(record)) {
    const found = findString(nested, keys, depth - 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
