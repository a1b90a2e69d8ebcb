import { amount, jsonRecords, recordAt, sessionId, type JsonRecord } from './parse-values.js';
import { priceTokens } from './price-tokens.js';
import type { AgentOutcome, FinalUsage, Pricing, Usage, UsageMeter, UsageMeterOptions } from './types.js';

interface ThreadTotals {
  input: number;
  cachedInput: number;
  output: number;
}

/**
 * `codex exec --json` events (codex-rs/exec/src/exec_events.rs). Usage arrives only in
 * `turn.completed`, and it is not the turn's own: the exec event processor fills it from the
 * thread's running total (`ThreadTokenUsage.total`), so each `turn.completed` supersedes the one
 * before instead of adding to it, and a resumed thread reports the earlier runs' tokens too
 * (subtracted with `resumedFrom`). `input_tokens` includes `cached_input_tokens` (Codex's own
 * `non_cached_input()` is their difference) and `output_tokens` includes reasoning tokens, which
 * OpenAI bills as output. Codex prints no dollars: cost needs configured pricing.
 *
 * `--json` stdout carries usage only when the turn ends, and `codex exec` runs one turn. The
 * meter also reads the lines of Codex's session rollout file (`$CODEX_HOME/sessions/.../
 * rollout-*.jsonl`), whose `event_msg` `token_count` events carry the same running total after
 * every model response: feed those to stop a run mid-turn.
 */
export function createCodexUsageMeter({ pricing, resumedFrom }: UsageMeterOptions = {}): UsageMeter {
  let threadId: string | undefined;
  let totals: ThreadTotals | undefined;
  let reported = false;
  let turns = 0;
  let outcome: AgentOutcome | undefined;

  const onEvent = (event: JsonRecord) => {
    switch (event.type) {
      case 'thread.started':
        threadId = sessionId(event.thread_id) ?? threadId;
        break;
      case 'turn.started':
        outcome = undefined;
        break;
      case 'turn.completed': {
        const usage = recordAt(event, 'usage');
        if (usage) {
          totals = largest(totals, totalsOf(usage));
          reported = true;
        }
        turns += 1;
        outcome = 'success';
        break;
      }
      case 'turn.failed':
        turns += 1;
        outcome = 'error';
        break;
      case 'error':
        outcome = 'error';
        break;
      case 'event_msg': {
        const payload = recordAt(event, 'payload');
        const total = recordAt(recordAt(payload, 'info'), 'total_token_usage');
        if (payload?.type === 'token_count' && total) totals = largest(totals, totalsOf(total));
        break;
      }
    }
  };

  const current = (): Usage => {
    const own = minus(totals ?? { input: 0, cachedInput: 0, output: 0 }, resumedFrom);
    const costUsd = pricing && totals ? cost(own, pricing) : undefined;
    return {
      ...(costUsd !== undefined ? { costUsd } : {}),
      inputTokens: own.input,
      outputTokens: own.output,
      cacheReadTokens: own.cachedInput,
      ...(turns > 0 ? { turns } : {}),
      ...(threadId ? { agentSessionId: threadId } : {}),
      ...(outcome ? { outcome, isError: outcome !== 'success' } : {}),
    };
  };

  return {
    push(line) {
      for (const event of jsonRecords(line)) onEvent(event);
    },
    current,
    final(): FinalUsage {
      const usage = current();
      return {
        ...usage,
        basis: reported ? 'reported' : totals ? 'estimated' : 'none',
        ...(usage.costUsd !== undefined ? { costFrom: 'pricing' as const } : {}),
      };
    },
  };
}

function totalsOf(usage: JsonRecord): ThreadTotals {
  const input = amount(usage.input_tokens) ?? 0;
  return { input, cachedInput: Math.min(amount(usage.cached_input_tokens) ?? 0, input), output: amount(usage.output_tokens) ?? 0 };
}

/** Running totals only grow; a smaller figure is a garbled line, not a refund. */
function largest(a: ThreadTotals | undefined, b: ThreadTotals): ThreadTotals {
  if (!a) return b;
  return { input: Math.max(a.input, b.input), cachedInput: Math.max(a.cachedInput, b.cachedInput), output: Math.max(a.output, b.output) };
}

function minus(totals: ThreadTotals, earlier: UsageMeterOptions['resumedFrom']): ThreadTotals {
  if (!earlier) return totals;
  const input = Math.max(0, totals.input - (amount(earlier.inputTokens) ?? 0));
  return {
    input,
    cachedInput: Math.min(input, Math.max(0, totals.cachedInput - (amount(earlier.cacheReadTokens) ?? 0))),
    output: Math.max(0, totals.output - (amount(earlier.outputTokens) ?? 0)),
  };
}

function cost(tokens: ThreadTotals, pricing: Pricing): number {
  return priceTokens({ uncachedInput: tokens.input - tokens.cachedInput, cacheRead: tokens.cachedInput, cacheWrite: 0, output: tokens.output }, pricing);
}
