import { stripVTControlCharacters } from 'node:util';
import type { AgentAdapter } from './types.js';
import { lastLines } from './summary-text.js';

/** Lines of aider's closing output kept as its summary: its reply, the edits applied, the cost. */
const SUMMARY_LINES = 20;

/** aider's start-up banner (version, models, repo, repo map): not part of what it did. */
const BANNER_LINE = /^(Aider v\d|Main model:|Weak model:|Editor model:|Git repo:|Repo-map:|Added .+ to the chat\.?$|Use \/help)/;

/**
 * aider in one-shot mode, the prompt read from the session's prompt file (`--message-file`).
 * aider is a Python package (not installable here), so its flags were checked against its
 * documented options (aider.chat/docs/config/options.html), recorded in
 * test/fixtures/agents/help/aider-options.txt. `--no-auto-commits`: the runner makes the one
 * session commit itself.
 */
export const aider: AgentAdapter = {
  kind: 'aider',
  defaultBin: 'aider',
  installHint: 'pipx install aider-chat',
  // One-shot runs keep no conversation to resume: a repair is a new run whose message holds the
  // goal and the failure, in the workspace as the first run left it.
  repairMode: 'message',
  buildLaunch({ promptFile, def, repair }) {
    return {
      args: ['--yes-always', '--no-auto-commits', ...(def.model ? ['--model', def.model] : []), ...(def.args ?? []), '--message-file', repair ? repair.file : promptFile],
    };
  },
  extractSummary(stdout) {
    const withoutBanner = stdout
      .split('\n')
      .filter((line) => !BANNER_LINE.test(stripVTControlCharacters(line)))
      .join('\n');
    return lastLines(withoutBanner, SUMMARY_LINES);
  },
};
