import type { AgentAdapter } from './types.js';
import { clampSummary, jsonObjectLines } from './summary-text.js';

/**
 * Claude Code in print mode (flags checked against `claude --help`, 2.1.x, in
 * test/fixtures/agents/help/). With no prompt argument, print mode reads the prompt from stdin:
 * no size limit of argv applies, and the prompt is in no process listing. `acceptEdits` lets it edit files in the worktree without asking;
 * in print mode anything else that needs permission (shell commands not allowed by the repo's
 * settings) is denied rather than prompted, so it never waits for a human. Users who want it to
 * run the tests itself add e.g. `"args": ["--allowedTools", "Bash(npm test:*)"]`.
 * `--max-turns` is a real option hidden from `--help` (see help/claude-hidden-options.txt).
 */
export const claudeCode: AgentAdapter = {
  kind: 'claude-code',
  defaultBin: 'claude',
  installHint: 'npm i -g @anthropic-ai/claude-code',
  buildLaunch({ prompt, def }) {
    const args = [
      '-p',
      '--output-format',
      'json',
      '--permission-mode',
      'acceptEdits',
      ...(def.model ? ['--model', def.model] : []),
      ...(def.maxTurns ? ['--max-turns', String(def.maxTurns)] : []),
      ...(def.args ?? []),
    ];
    return { args, stdin: prompt };
  },
  extractSummary(stdout) {
    // `--output-format json` prints one result object: { type: "result", subtype, is_error, result, ... }.
    const result = [wholeJson(stdout), ...jsonObjectLines(stdout).reverse()].find(
      (event) => event?.type === 'result',
    );
    return typeof result?.result === 'string' ? clampSummary(result.result) : undefined;
  },
};

function wholeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
