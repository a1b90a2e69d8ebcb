import type { AgentAdapter } from './types.js';
import { clampSummary, jsonObjectLines } from './summary-text.js';
import { formatBudgetUsd } from './format-budget.js';

/**
 * Claude Code in print mode (flags checked against `claude --help`, 2.1.x, in
 * test/fixtures/agents/help/). With no prompt argument, print mode reads the prompt from stdin:
 * no size limit of argv applies, and the prompt is in no process listing. `acceptEdits` lets it edit files in the worktree without asking;
 * in print mode anything else that needs permission (shell commands not allowed by the repo's
 * settings) is denied rather than prompted, so it never waits for a human. Users who want it to
 * run the tests itself add e.g. `"args": ["--allowedTools", "Bash(npm test:*)"]`.
 * `--max-turns` is a real option hidden from `--help` (see help/claude-hidden-options.txt).
 *
 * `stream-json` with `--verbose` prints every event as it happens (the usage meter reads the
 * usage of each API message, and the cost in the closing `result`); `--include-partial-messages`
 * adds the stream events whose `message_delta` carries a message's real output count. The
 * session's cap goes to Claude itself as `--max-budget-usd` (it checks after each API call), and a
 * repair continues the same conversation with `--resume <session_id>`.
 */
export const claudeCode: AgentAdapter = {
  kind: 'claude-code',
  defaultBin: 'claude',
  installHint: 'npm i -g @anthropic-ai/claude-code',
  repairMode: 'resume',
  buildLaunch({ prompt, def, repair, maxBudgetUsd }) {
    const args = [
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--include-partial-messages',
      '--permission-mode',
      'acceptEdits',
      ...(repair?.resumeId ? ['--resume', repair.resumeId] : []),
      ...(maxBudgetUsd !== undefined ? ['--max-budget-usd', formatBudgetUsd(maxBudgetUsd)] : []),
      ...(def.model ? ['--model', def.model] : []),
      ...(def.maxTurns ? ['--max-turns', String(def.maxTurns)] : []),
      ...(def.args ?? []),
    ];
    return { args, stdin: repair ? repair.text : prompt };
  },
  extractSummary(stdout) {
    // The closing event (and all `--output-format json` prints): { type: "result", subtype, is_error, result, ... }.
    const events = [wholeJson(stdout), ...jsonObjectLines(stdout).reverse()];
    const result = events.find((event) => event?.type === 'result');
    if (typeof result?.result === 'string') return clampSummary(result.result);
    // Stopped before its result (a cap, the time budget): what it last said is the best account.
    return result ? undefined : clampSummary(lastAssistantText(events));
  },
};

function lastAssistantText(events: (Record<string, unknown> | undefined)[]): string | undefined {
  for (const event of events) {
    if (event?.type !== 'assistant') continue;
    const content = (event.message as { content?: unknown } | undefined)?.content;
    const texts = Array.isArray(content)
      ? content.flatMap((block: { type?: unknown; text?: unknown }) => (block?.type === 'text' && typeof block.text === 'string' ? [block.text] : []))
      : [];
    if (texts.length > 0) return texts.join('\n');
  }
  return undefined;
}

function wholeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
