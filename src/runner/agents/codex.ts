import type { AgentAdapter } from './types.js';
import { clampSummary, jsonObjectLines } from './summary-text.js';

/**
 * Codex CLI non-interactive (flags checked against `codex exec --help`, 0.171.x, in
 * test/fixtures/agents/help/). `workspace-write` lets it edit the worktree (and nothing outside
 * it) and run commands there without asking.
 */
export const codex: AgentAdapter = {
  kind: 'codex',
  defaultBin: 'codex',
  installHint: 'npm i -g @openai/codex',
  buildArgv({ prompt, workdir, def }) {
    return [
      'exec',
      '--json',
      '-C',
      workdir,
      '--sandbox',
      'workspace-write',
      ...(def.model ? ['-m', def.model] : []),
      ...(def.args ?? []),
      prompt,
    ];
  },
  extractSummary(stdout) {
    // `--json` prints one event per line; the agent's replies are
    // {"type":"item.completed","item":{"id":"item_3","type":"agent_message","text":"..."}}
    // (codex-rs/exec/src/exec_events.rs). The last one is its closing summary.
    const messages = jsonObjectLines(stdout).flatMap((event) => {
      const item = event.item as { type?: unknown; text?: unknown } | undefined;
      return event.type === 'item.completed' && item?.type === 'agent_message' && typeof item.text === 'string'
        ? [item.text]
        : [];
    });
    return clampSummary(messages.at(-1));
  },
};
