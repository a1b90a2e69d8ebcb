import { amount, jsonRecords, recordAt, sessionId as agentSessionId, text, type JsonRecord } from './parse-values.js';
import { priceTokens, type PricedTokens } from './price-tokens.js';
import type { AgentOutcome, FinalUsage, Pricing, Usage, UsageMeter } from './types.js';

const NO_TOKENS: PricedTokens = { uncachedInput: 0, cacheRead: 0, cacheWrite: 0, output: 0 };

interface ClaudeResult {
  tokens: PricedTokens;
  costUsd?: number;
  turns?: number;
  outcome?: AgentOutcome;
  isError: boolean;
}

/**
 * Claude Code's `--output-format stream-json --verbose` events (also the single object of
 * `--output-format json`, and the array `json --verbose` prints).
 *
 * While it runs, each `assistant` event carries its API message's usage. Claude Code prints one
 * event per content block, all with the same `message.id` and the same usage, so messages are
 * counted once by id, keeping the largest figure seen. That usage is the snapshot from the start
 * of the message: its `output_tokens` is often 1 until the message is done, so the streamed sum
 * is a lower bound on output. With `--include-partial-messages` the `message_delta` stream events
 * carry the real output count, and are used. Dollars exist only in the closing `result` event
 * (`total_cost_usd`, the whole process's running total, so the last result wins).
 */
export function createClaudeUsageMeter(pricing?: Pricing): UsageMeter {
  const streamed = new Map<string, PricedTokens>();
  let anonymous = 0;
  const inFlight = new Map<string, string>();
  let sessionId: string | undefined;
  let result: ClaudeResult | undefined;

  const remember = (id: string | undefined, tokens: PricedTokens) => {
    const key = id ?? `#${anonymous++}`;
    streamed.set(key, largest(streamed.get(key) ?? NO_TOKENS, tokens));
  };

  const onEvent = (event: JsonRecord) => {
    sessionId = agentSessionId(event.session_id) ?? sessionId;
    if (event.type === 'assistant') {
      const message = recordAt(event, 'message');
      const usage = recordAt(message, 'usage');
      if (usage) remember(text(message?.id), tokensOf(usage));
    } else if (event.type === 'stream_event') {
      onStreamEvent(event);
    } else if (event.type === 'result') {
      result = resultOf(event);
    }
  };

  const onStreamEvent = (event: JsonRecord) => {
    const inner = recordAt(event, 'event');
    const scope = text(event.parent_tool_use_id) ?? '';
    if (inner?.type === 'message_start') {
      const message = recordAt(inner, 'message');
      const id = text(message?.id);
      if (id) inFlight.set(scope, id);
      const usage = recordAt(message, 'usage');
      if (usage) remember(id, tokensOf(usage));
    } else if (inner?.type === 'message_delta') {
      const id = inFlight.get(scope);
      const usage = recordAt(inner, 'usage');
      if (id && usage) remember(id, tokensOf(usage));
    }
  };

  const current = (): Usage => {
    const sum = [...streamed.values()].reduce(add, NO_TOKENS);
    const tokens = result ? largest(result.tokens, sum) : sum;
    const costUsd = result?.costUsd ?? (pricing ? priceTokens(tokens, pricing) : undefined);
    return {
      ...(costUsd !== undefined ? { costUsd } : {}),
      inputTokens: tokens.uncachedInput + tokens.cacheRead + tokens.cacheWrite,
      outputTokens: tokens.output,
      cacheReadTokens: tokens.cacheRead,
      cacheWriteTokens: tokens.cacheWrite,
      ...(result?.turns !== undefined ? { turns: result.turns } : {}),
      ...(sessionId ? { agentSessionId: sessionId } : {}),
      ...(result?.outcome ? { outcome: result.outcome } : {}),
      ...(result ? { isError: result.isError } : {}),
    };
  };

  return {
    push(line) {
      for (const event of jsonRecords(line)) onEvent(event);
    },
    current,
    final(): FinalUsage {
      const usage = current();
      const basis = result ? 'reported' : streamed.size > 0 ? 'estimated' : 'none';
      const costFrom = result?.costUsd !== undefined ? 'agent' : usage.costUsd !== undefined ? 'pricing' : undefined;
      return { ...usage, basis, ...(costFrom ? { costFrom } : {}) };
    },
  };
}

function resultOf(event: JsonRecord): ClaudeResult {
  const subtype = text(event.subtype);
  const outcome = subtype === 'success' || subtype?.startsWith('error_') ? (subtype as AgentOutcome) : undefined;
  const costUsd = amount(event.total_cost_usd);
  const turns = amount(event.num_turns);
  const usage = recordAt(event, 'usage');
  return {
    tokens: usage ? tokensOf(usage) : NO_TOKENS,
    ...(costUsd !== undefined ? { costUsd } : {}),
    ...(turns !== undefined ? { turns } : {}),
    ...(outcome ? { outcome } : {}),
    isError: event.is_error === true || (subtype !== undefined && subtype !== 'success'),
  };
}

/** Anthropic usage: `input_tokens` excludes the cache reads and writes, which are counted apart. */
function tokensOf(usage: JsonRecord): PricedTokens {
  return {
    uncachedInput: amount(usage.input_tokens) ?? 0,
    cacheRead: amount(usage.cache_read_input_tokens) ?? 0,
    cacheWrite: amount(usage.cache_creation_input_tokens) ?? 0,
    output: amount(usage.output_tokens) ?? 0,
  };
}

function add(a: PricedTokens, b: PricedTokens): PricedTokens {
  return {
    uncachedInput: a.uncachedInput + b.uncachedInput,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
    output: a.output + b.output,
  };
}

function largest(a: PricedTokens, b: PricedTokens): PricedTokens {
  return {
    uncachedInput: Math.max(a.uncachedInput, b.uncachedInput),
    cacheRead: Math.max(a.cacheRead, b.cacheRead),
    cacheWrite: Math.max(a.cacheWrite, b.cacheWrite),
    output: Math.max(a.output, b.output),
  };
}
