/** The reply to `/overnight help` and to any command the bot does not understand. */
export function renderHelp(options: { permission?: string; goalLabel?: string } = {}): string {
  const permission = options.permission ?? 'write';
  const goalLabel = options.goalLabel ?? 'overnight';
  return [
    '**overnight commands** — one per line, at the start of a line, in an issue or pull request comment:',
    '',
    '| Command | What it does |',
    '| --- | --- |',
    `| \`/overnight\` | Make this issue a goal (adds the \`${goalLabel}\` label) |`,
    '| `/overnight pause` | No new sessions for this goal or PR (on the dashboard: for every goal) |',
    '| `/overnight resume` | Undo `pause` |',
    '| `/overnight stop` | Stop working on this goal: removes it from the queue |',
    '| `/overnight agent <name>` | Use this agent for the goal, e.g. `/overnight agent codex` |',
    '| `/overnight priority high\\|normal\\|low` | Work on it before or after other goals |',
    '| `/overnight retry` | Queue the goal again (on an overnight PR: its goal) |',
    '| `/overnight revise [instructions]` | On an overnight PR: a runner revises it with your instructions (the rest of the comment) |',
    '| `/overnight status` | Reply with the goal\'s state and its last attempts |',
    '| `/overnight help` | This table |',
    '',
    `Only people with **${permission}** permission or higher on this repository may give commands. ` +
      'Commands inside code blocks or `>` quotes are ignored.',
  ].join('\n');
}
