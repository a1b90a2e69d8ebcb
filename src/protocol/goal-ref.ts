/**
 * Which goal a session worked on: an issue (`#12`) or the n-th static goal of the runner config
 * (`config:1`, 0-based index into `goals`). Written in the `Overnight-Goal` trailer and the PR metadata.
 */
export type GoalRef = { kind: 'issue'; number: number } | { kind: 'config'; index: number };

export function formatGoalRef(goal: GoalRef): string {
  return goal.kind === 'issue' ? `#${goal.number}` : `config:${goal.index}`;
}

export function parseGoalRef(text: string): GoalRef | undefined {
  const trimmed = text.trim();
  const issue = /^#([1-9]\d{0,9})$/.exec(trimmed);
  if (issue) return { kind: 'issue', number: Number(issue[1]) };
  const config = /^config:(0|[1-9]\d{0,5})$/i.exec(trimmed);
  if (config) return { kind: 'config', index: Number(config[1]) };
  return undefined;
}

/** A ref-name-safe key for a goal (`issue-12`, `config-1`): `#` and `:` are awkward in refs and URLs. */
export function goalKey(goal: GoalRef): string {
  return goal.kind === 'issue' ? `issue-${goal.number}` : `config-${goal.index}`;
}
