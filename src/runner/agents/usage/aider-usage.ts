import { stripVTControlCharacters } from 'node:util';
import { MAX_LINE_CHARS } from './parse-values.js';
import { priceTokens } from './price-tokens.js';
import type { FinalUsage, Pricing, Usage, UsageMeter } from './types.js';

/** "2.3k", "12k", "250", and, should a version print them, "12,345" and "1.2M". */
const NUMBER = String.raw`(\d[\d,]*(?:\.\d+)?)([kKmM]?)`;
const TOKEN_PART = new RegExp(String.raw`${NUMBER} (sent|cache write|cache hit|cache read|received)\b|;\s*${NUMBER} Total\b`, 'g');
const COST = /Cost: \$(\d+(?:\.\d+)?) message, \$(\d+(?:\.\d+)?) session\b/;

interface MessageTokens {
  sent: number;
  cacheWrite: number;
  cacheHit: number;
  received: number;
}

/**
 * aider's usage report, printed after every message (aider/coders/base_coder.py,
 * `calculate_and_show_tokens_and_cost` and `show_usage_report`):
 *
 *     Tokens: 5.2k sent, 312 received. Cost: $0.02 message, $0.02 session.
 *     Tokens: 12k sent, 3.3k cache write, 1.2k cache hit, 250 received.
 *     Cost: $0.05 message, $0.11 session.
 *
 * The token counts are per message (aider resets them once printed), so they add up; the cost
 * line says the session's running total, so the last one wins. The cost goes on a line of its own
 * when both cache figures are shown, and is missing when aider knows no price for the model.
 * Counts are rounded by aider's `format_tokens` ("5.2k", "12k"), so totals are approximate. The
 * counts are taken as aider prints them: for Anthropic models its "sent" leaves out cache hits.
 */
export function createAiderUsageMeter(pricing?: Pricing): UsageMeter {
  let total: MessageTokens = { sent: 0, cacheWrite: 0, cacheHit: 0, received: 0 };
  let messages = 0;
  let sessionCost: number | undefined;

  const current = (): Usage => {
    const costUsd = sessionCost ?? (pricing && messages > 0 ? priceTokens({ uncachedInput: total.sent, cacheRead: 0, cacheWrite: 0, output: total.received }, pricing) : undefined);
    return {
      ...(costUsd !== undefined ? { costUsd } : {}),
      inputTokens: total.sent,
      outputTokens: total.received,
      ...(total.cacheHit > 0 ? { cacheReadTokens: total.cacheHit } : {}),
      ...(total.cacheWrite > 0 ? { cacheWriteTokens: total.cacheWrite } : {}),
      ...(messages > 0 ? { turns: messages } : {}),
    };
  };

  return {
    push(raw) {
      if (raw.length > MAX_LINE_CHARS) return;
      const line = stripVTControlCharacters(raw).trim();
      if (line.startsWith('Tokens:')) {
        const tokens = tokensOf(line);
        if (tokens) {
          total = add(total, tokens);
          messages += 1;
        }
      }
      const cost = COST.exec(line);
      if (cost) sessionCost = Number(cost[2]);
    },
    current,
    final(): FinalUsage {
      const usage = current();
      const costFrom = sessionCost !== undefined ? 'agent' : usage.costUsd !== undefined ? 'pricing' : undefined;
      return { ...usage, basis: messages > 0 || sessionCost !== undefined ? 'reported' : 'none', ...(costFrom ? { costFrom } : {}) };
    },
  };
}

function tokensOf(line: string): MessageTokens | undefined {
  const tokens: MessageTokens = { sent: 0, cacheWrite: 0, cacheHit: 0, received: 0 };
  let found = false;
  for (const match of line.matchAll(TOKEN_PART)) {
    const [, digits, suffix, label, totalDigits, totalSuffix] = match;
    const value = label ? count(digits, suffix) : count(totalDigits, totalSuffix);
    if (value === undefined) continue;
    found = true;
    if (label === 'sent') tokens.sent = value;
    else if (label === 'cache write') tokens.cacheWrite = value;
    else if (label === 'cache hit' || label === 'cache read') tokens.cacheHit = value;
    else tokens.received = value;
  }
  return found ? tokens : undefined;
}

function count(digits: string | undefined, suffix: string | undefined): number | undefined {
  if (digits === undefined) return undefined;
  const value = Number(digits.replaceAll(',', ''));
  if (!Number.isFinite(value)) return undefined;
  const scale = suffix === 'k' || suffix === 'K' ? 1_000 : suffix === 'm' || suffix === 'M' ? 1_000_000 : 1;
  return Math.round(value * scale);
}

function add(a: MessageTokens, b: MessageTokens): MessageTokens {
  return { sent: a.sent + b.sent, cacheWrite: a.cacheWrite + b.cacheWrite, cacheHit: a.cacheHit + b.cacheHit, received: a.received + b.received };
}
