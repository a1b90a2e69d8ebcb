import type { AgentAdapter } from './types.js';
import { clampSummary, jsonObjectLines } from './summary-text.js';

/**
 * Codex CLI non-interactive (flags checked against `codex exec --help`, 0.171.x, in
 * test/fixtures/agents/help/); `-` as the prompt reads it from stdin. Inside overnight's sandbox
 * Codex runs with its own sandbox off (`danger-full-access`): Seatbelt cannot be applied from
 * inside Seatbelt, nor a user namespace made inside bubblewrap's, and overnight's sandbox is the
 * stricter one. With `sandbox.mode: "off"` Codex's own `workspace-write` sandbox stays: it edits
 * the worktree (and nothing outside it) and runs commands there without asking.
 *
 * A repair resumes the thread: `codex exec [OPTIONS] resume <thread id> -`, the exec options
 * before the subcommand (checked against `codex exec resume --help` and the 0.171 binary, which
 * takes them there and looks the thread's rollout up under `$CODEX_HOME/sessions`).
 */
export const codex: AgentAdapter = {
  kind: 'codex',
  defaultBin: 'codex',
  installHint: 'npm i -g @openai/codex',
  repairMode: 'resume',
  buildLaunch({ prompt, workdir, sandboxed, def, repair }) {
    const args = [
      'exec',
      '--json',
      '-C',
      workdir,
      '--sandbox',
      sandboxed ? 'danger-full-access' : 'workspace-write',
      ...(def.model ? ['-m', def.model] : []),
      ...(def.args ?? []),
      ...(repair?.resumeId ? ['resume', repair.resumeId] : []),
      '-',
    ];
    return { args, stdin: repair ? repair.text : prompt };
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
