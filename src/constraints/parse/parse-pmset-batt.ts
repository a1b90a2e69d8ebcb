import type { PowerFacts, PowerSource } from '../types.js';

const SOURCES: Record<string, PowerSource> = {
  'AC Power': 'ac',
  'Battery Power': 'battery',
  'UPS Power': 'ups',
};

/**
 * Reads `pmset -g batt`:
 *
 *     Now drawing from 'Battery Power'
 *      -InternalBattery-0 (id=3735651)\t97%; discharging; (no estimate) present: true
 *
 * The first line names the source; a desktop Mac prints only that line. The internal battery's
 * line, when there is one, gives the charge and state (a UPS has a line of its own, read only when
 * there is no internal battery). Returns undefined when the output is not pmset's.
 *
 * pmset prints the header as `Now drawing from '%s'` with the source IOKit names ("AC Power",
 * "Battery Power", "UPS Power"); IOKit's own documentation calls it the source the computer is
 * "currently drawing from", and reports quoting that wording are read the same way.
 */
export function parsePmsetBatt(output: string): PowerFacts | undefined {
  const header = /(?:Now|Currently) drawing from '([^']+)'/.exec(output);
  if (!header) return undefined;
  const source = SOURCES[header[1] ?? ''] ?? 'unknown';
  const lines = output.split('\n').filter((line) => /^\s*-/.test(line));
  const line = lines.find((candidate) => candidate.includes('InternalBattery')) ?? lines[0];
  if (line === undefined) return { source, percent: null, charging: null };
  const percent = /(\d{1,3})%/.exec(line);
  const state = stateOf(line);
  return {
    source,
    percent: percent ? Number(percent[1]) : null,
    charging: state === undefined ? null : state === 'charging' || state === 'finishing charge',
    ...(state === undefined ? {} : { state }),
  };
}

// Longest phrases first: "discharging" and "not charging" both contain "charging".
const STATES = ['AC attached; not charging', 'finishing charge', 'discharging', 'not charging', 'charging', 'charged'];

function stateOf(line: string): string | undefined {
  return STATES.find((state) => line.includes(state));
}
