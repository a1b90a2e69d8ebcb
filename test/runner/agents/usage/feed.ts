import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentKind } from '../../../../src/runner/agents/types.js';
import { createUsageMeter, type UsageMeter, type UsageMeterOptions } from '../../../../src/runner/agents/usage/index.js';

export const OUTPUT = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'agents', 'output');

export function fixtureLines(name: string): string[] {
  return readFileSync(join(OUTPUT, name), 'utf8').split('\n');
}

/** A meter fed every line of a captured output sample, as the runner would while the agent ran. */
export function meterFed(kind: AgentKind, lines: readonly string[], options?: UsageMeterOptions): UsageMeter {
  const meter = createUsageMeter(kind, options);
  for (const line of lines) meter.push(line);
  return meter;
}

/** Sonnet 4.5's list price, USD per million tokens. */
export const SONNET = { inputPerMTok: 3, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75, outputPerMTok: 15 };
