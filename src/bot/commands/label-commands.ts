import { AGENT_LABEL_PREFIX, LABELS, agentLabelDef, priorityLabel, type LabelDef, type OvernightCommand, type Priority } from '../../protocol/index.js';
import type { Octokit, Repo } from '../github.js';
import type { GoalIssue } from '../goals/goal-issue.js';
import type { issueLabels } from '../goals/issue-labels.js';

type Labels = ReturnType<typeof issueLabels>;
type LabelCommand = Extract<OvernightCommand, { kind: 'pause' | 'resume' | 'agent' | 'priority' }>;

/** pause, resume, agent and priority: label edits that mean the same on an issue and on a PR. */
export async function setLabel(command: LabelCommand, labels: Labels): Promise<void> {
  if (command.kind === 'pause') return labels.add(LABELS.paused);
  if (command.kind === 'resume') return labels.remove(LABELS.paused.name);
  if (command.kind === 'priority') return setPriority(command.priority, labels);
  const wanted = `${AGENT_LABEL_PREFIX}${command.agent}`;
  for (const name of labels.names().filter((label) => label.toLowerCase().startsWith(AGENT_LABEL_PREFIX))) {
    if (name.toLowerCase() !== wanted) await labels.remove(name);
  }
  await labels.add(agentLabelDef(command.agent));
}

async function setPriority(priority: Priority, labels: Labels): Promise<void> {
  const wanted = priorityLabel(priority);
  for (const label of [LABELS.priorityHigh, LABELS.priorityLow]) {
    if (label.name === wanted) await labels.add(label);
    else await labels.remove(label.name);
  }
}

/** Back to the queue: a goal again, open, not paused, no longer waiting on a PR. */
export async function requeue(octokit: Octokit, repo: Repo, goal: GoalIssue, labels: Labels, goalLabel: LabelDef): Promise<void> {
  if (goal.state === 'closed') {
    await octokit.rest.issues.update({ ...repo, issue_number: goal.number, state: 'open' });
    goal.state = 'open';
  }
  await labels.add(goalLabel);
  await labels.remove(LABELS.paused.name);
  await labels.remove(LABELS.prOpen.name);
}
