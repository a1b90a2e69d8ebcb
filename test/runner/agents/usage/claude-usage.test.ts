import { describe, expect, it } from 'vitest';
import { fixtureLines, meterFed, SONNET } from './feed.js';

const SESSION = '8d3f6a2e-4b1c-4e7a-9f05-3c2b1d8e7a64';

describe('Claude Code usage (stream-json)', () => {
  const lines = fixtureLines('claude-stream.jsonl');
  const beforeResult = lines.filter((line) => !line.startsWith('{"type":"result"'));

  it('takes cost, tokens, turns and outcome from the closing result', () => {
    expect(meterFed('claude-code', lines).final()).toStrictEqual({
      costUsd: 0.0888504,
      inputTokens: 18 + 12748 + 81438,
      outputTokens: 1104,
      cacheReadTokens: 81438,
      cacheWriteTokens: 12748,
      turns: 4,
      agentSessionId: SESSION,
      outcome: 'success',
      isError: false,
      basis: 'reported',
      costFrom: 'agent',
    });
  });

  it('sums streamed usage while running, counting a message repeated per content block once', () => {
    // msg_01Hq... appears twice (text, then tool_use) with the same usage.
    const usage = meterFed('claude-code', beforeResult).current();
    expect(usage).toStrictEqual({
      inputTokens: 18 + 12748 + 81438,
      outputTokens: 2 + 412 + 96 + 187,
      cacheReadTokens: 81438,
      cacheWriteTokens: 12748,
      agentSessionId: SESSION,
    });
  });

  it('knows the session id from the init event, before any usage', () => {
    expect(meterFed('claude-code', lines.slice(0, 1)).current()).toMatchObject({ agentSessionId: SESSION, inputTokens: 0, outputTokens: 0 });
  });

  it('prices streamed tokens when pricing is configured, and prefers the agent’s own figure once it exists', () => {
    const running = meterFed('claude-code', beforeResult, { pricing: SONNET }).current();
    expect(running.costUsd).toBeCloseTo((18 * 3 + 12748 * 3.75 + 81438 * 0.3 + 697 * 15) / 1e6, 10);
    const ended = meterFed('claude-code', lines, { pricing: { inputPerMTok: 100, outputPerMTok: 100 } }).final();
    expect(ended).toMatchObject({ costUsd: 0.0888504, costFrom: 'agent' });
  });

  it('grows as the run goes on, so a cap can stop it', () => {
    const meter = meterFed('claude-code', []);
    const seen: number[] = [];
    for (const line of beforeResult) {
      meter.push(line);
      seen.push(meter.current().outputTokens);
    }
    expect(seen).toStrictEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(697);
  });

  it('reports a budget stop as a failure with the cost spent', () => {
    expect(meterFed('claude-code', fixtureLines('claude-stream-max-budget.jsonl')).final()).toMatchObject({
      costUsd: 0.08579265,
      inputTokens: 11 + 13143 + 34278,
      outputTokens: 1746,
      turns: 2,
      outcome: 'error_max_budget_usd',
      isError: true,
      basis: 'reported',
    });
  });

  it('treats a success subtype with is_error set as a failure', () => {
    const result = { type: 'result', subtype: 'success', is_error: true, num_turns: 1, total_cost_usd: 0.01, session_id: 's', usage: {} };
    expect(meterFed('claude-code', [JSON.stringify(result)]).final()).toMatchObject({ outcome: 'success', isError: true });
  });

  it('keeps what streamed when the run was killed before its result, cost unknown', () => {
    const final = meterFed('claude-code', fixtureLines('claude-stream-no-result.jsonl')).final();
    expect(final).toStrictEqual({
      inputTokens: 4 + 9876 + 12034 + 6 + 2210 + 21910,
      outputTokens: 1 + 58,
      cacheReadTokens: 12034 + 21910,
      cacheWriteTokens: 9876 + 2210,
      agentSessionId: '5c9a1e3f-7b2d-4f0a-8e6c-9d3b5f7a1c24',
      basis: 'estimated',
    });
  });

  it('reads the single object of --output-format json', () => {
    expect(meterFed('claude-code', fixtureLines('claude-result.json')).final()).toMatchObject({
      costUsd: 0.1834,
      inputTokens: 21 + 10422 + 88310,
      outputTokens: 1893,
      turns: 7,
      agentSessionId: '6f1c2a9e-3b7d-4c8e-9a51-2d0e7f4b8c13',
      outcome: 'success',
      isError: false,
      basis: 'reported',
    });
    expect(meterFed('claude-code', fixtureLines('claude-error-max-turns.json')).final()).toMatchObject({ outcome: 'error_max_turns', isError: true, costUsd: 0.4121 });
  });

  it('reads the message array of --output-format json --verbose', () => {
    const events = fixtureLines('claude-stream.jsonl').filter(Boolean).map((line) => JSON.parse(line) as unknown);
    expect(meterFed('claude-code', [JSON.stringify(events)]).final()).toMatchObject({ costUsd: 0.0888504, outputTokens: 1104, basis: 'reported' });
  });

  it('uses the output counts of partial-message deltas, which the assistant events understate', () => {
    const event = (inner: object) => JSON.stringify({ type: 'stream_event', event: inner, parent_tool_use_id: null, session_id: 's' });
    const meter = meterFed('claude-code', [
      event({ type: 'message_start', message: { id: 'msg_1', usage: { input_tokens: 3, cache_read_input_tokens: 900, output_tokens: 1 } } }),
      event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } }),
      event({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 240 } }),
      JSON.stringify({ type: 'assistant', message: { id: 'msg_1', usage: { input_tokens: 3, cache_read_input_tokens: 900, output_tokens: 1 } }, session_id: 's' }),
    ]);
    expect(meter.current()).toMatchObject({ inputTokens: 903, outputTokens: 240 });
  });

  it('takes the last result when one process answers several prompts: its cost is a running total', () => {
    const result = (cost: number, output: number) => JSON.stringify({ type: 'result', subtype: 'success', is_error: false, total_cost_usd: cost, num_turns: 1, session_id: 's', usage: { output_tokens: output } });
    expect(meterFed('claude-code', [result(0.1, 50), result(0.25, 130)]).final()).toMatchObject({ costUsd: 0.25, outputTokens: 130 });
  });

  it('keeps only a session id fit to go back into argv for --resume', () => {
    const init = (id: unknown) => JSON.stringify({ type: 'system', subtype: 'init', session_id: id });
    expect(meterFed('claude-code', [init(SESSION), init('--dangerously-skip-permissions'), init('a b'), init(42)]).current().agentSessionId).toBe(SESSION);
    expect(meterFed('codex', ['{"type":"thread.started","thread_id":"-c model=evil"}']).current().agentSessionId).toBeUndefined();
  });

  it('ignores negative, NaN and non-numeric figures', () => {
    const line = JSON.stringify({ type: 'result', subtype: 'success', is_error: false, total_cost_usd: -3, num_turns: 'four', session_id: 's', usage: { input_tokens: -5, output_tokens: '9', cache_read_input_tokens: 7 } });
    const final = meterFed('claude-code', [line, '{"type":"result","total_cost_usd":NaN}']).final();
    expect(final).toMatchObject({ inputTokens: 7, outputTokens: 0, basis: 'reported' });
    expect(final.costUsd).toBeUndefined();
    expect(final.turns).toBeUndefined();
  });
});
