import { cell } from '../../protocol/index.js';
import type { AgentPrSummary } from '../prs/agent-prs.js';
import type { GoalIssue } from '../goals/goal-issue.js';
import { summariseGoal, type GoalSummary } from './goal-summary.js';

const STATE_TEXT = { running: 'running', 'pr-open': 'waiting for review (PR open)', paused: 'paused', queued: 'queued' } as const;

/** The `status` reply for one goal: its state from labels and its last attempts from PR metadata. */
export function renderGoalStatus(input: {
  issue: GoalIssue;
  goalLabel: string;
  attempts: AgentPrSummary[];
  globallyPaused: boolean;
  dashboard?: number;
}): string {
  const { issue } = input;
  const lines: string[] = [];
  if (!issue.labels.some((label) => label.toLowerCase() === input.goalLabel.toLowerCase())) {
    lines.push(`#${issue.number} is not an overnight goal. Comment \`/overnight\` to make it one.`);
  } else {
    const goal = summariseGoal(issue);
    lines.push(`#${issue.number} is **${STATE_TEXT[goal.state]}**${details(goal)}.`);
  }
  if (input.globallyPaused) {
    lines.push(`Every goal is paused from the dashboard${input.dashboard ? ` (#${input.dashboard})` : ''}.`);
  }
  lines.push('', attemptsTable(input.attempts.slice(0, 5)));
  return lines.join('\n');
}

export function renderGlobalStatus(input: { paused: boolean; goals: GoalSummary[]; openPrs: number }): string {
  const count = (state: GoalSummary['state']) => input.goals.filter((goal) => goal.state === state).length;
  return [
    input.paused ? '**⏸ Paused for every goal.**' : '**▶️ Active.**',
    `${count('running')} running, ${count('queued')} queued, ${count('paused')} paused, ${count('pr-open')} waiting for review; ${input.openPrs} overnight PRs open.`,
  ].join('\n');
}

function details(goal: GoalSummary): string {
  const parts = [`priority ${goal.priority}`, goal.agent ? `agent ${cell(goal.agent)}` : '', goal.recurring ? 'recurring' : ''];
  return ` (${parts.filter((part) => part !== '').join(', ')})`;
}

function attemptsTable(attempts: AgentPrSummary[]): string {
  if (attempts.length === 0) return 'No attempts yet.';
  const rows = attempts.map(({ number, state, draft, metadata }) => {
    const shown = state === 'open' && draft ? 'draft' : state;
    return `| #${number} | \`${metadata.session}\` | ${cell(metadata.agent)} | ${metadata.outcome} | ${metadata.verify} | ${shown} |`;
  });
  return ['Last attempts:', '', '| PR | Session | Agent | Outcome | Verify | State |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

export function attemptsFor(prs: AgentPrSummary[], goalNumber: number): AgentPrSummary[] {
  return prs.filter((pr) => pr.metadata.goal.kind === 'issue' && pr.metadata.goal.number === goalNumber);
}
