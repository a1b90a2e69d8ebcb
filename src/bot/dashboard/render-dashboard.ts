import { cell, formatCostUsd, formatGoalRef } from '../../protocol/index.js';
import type { AgentPrSummary } from '../prs/agent-prs.js';
import { byQueueOrder, type GoalState, type GoalSummary } from './goal-summary.js';

export interface DashboardState {
  paused: boolean;
  goals: GoalSummary[];
  recentPrs: AgentPrSummary[];
  configProblem?: string;
}

export const DASHBOARD_TITLE = '🌙 Overnight dashboard';

const SECTIONS: { state: GoalState; heading: string; empty: string }[] = [
  { state: 'running', heading: 'Running', empty: 'No agent is working right now.' },
  { state: 'queued', heading: 'Queued', empty: 'Nothing queued. Label an issue `overnight` to add a goal.' },
  { state: 'paused', heading: 'Paused', empty: 'No paused goals.' },
  { state: 'pr-open', heading: 'PR open', empty: 'No goal is waiting for review.' },
];

/** The dashboard body: a pure function of GitHub state, so rebuilding it after every event is safe. */
export function renderDashboard(state: DashboardState): string {
  const parts = [
    state.paused
      ? '**⏸ Paused for every goal.** Runners start no sessions. Comment `/overnight resume` here to continue.'
      : '**▶️ Active.** Comment `/overnight pause` here to stop every runner from starting sessions.',
  ];
  if (state.configProblem) {
    parts.push(`> [!WARNING]\n> \`.github/overnight.yml\` has a problem, so defaults apply (see the comment below).`);
  }
  for (const section of SECTIONS) {
    const goals = state.goals.filter((goal) => goal.state === section.state).sort(byQueueOrder);
    parts.push(`### ${section.heading} (${goals.length})\n\n${goals.length === 0 ? `_${section.empty}_` : goals.map(goalLine).join('\n')}`);
  }
  parts.push(`### Recent pull requests\n\n${state.recentPrs.length === 0 ? '_None yet._' : prTable(state.recentPrs)}`);
  parts.push(
    '<sub>Rebuilt by the overnight bot after every event; edits to this text are overwritten. ' +
      'Commands here: `/overnight pause`, `/overnight resume`, `/overnight status`, `/overnight help`.</sub>',
  );
  return parts.join('\n\n') + '\n';
}

function goalLine(goal: GoalSummary): string {
  const notes = [
    goal.priority !== 'normal' ? `priority ${goal.priority}` : '',
    goal.agent ? `agent ${cell(goal.agent)}` : '',
    goal.recurring ? 'recurring' : '',
  ].filter((note) => note !== '');
  return `- #${goal.number} ${cell(goal.title)}${notes.length > 0 ? ` — ${notes.join(', ')}` : ''}`;
}

function prTable(prs: AgentPrSummary[]): string {
  const rows = prs.map((pr) => {
    const state = pr.state === 'open' && pr.draft ? 'draft' : pr.state;
    const { metadata } = pr;
    // The agent's cost rides in the PR's metadata (Overnight-Cost-USD); older PRs and unpriced agents have none.
    const cost = metadata.costUsd !== undefined ? `$${formatCostUsd(metadata.costUsd)}` : '—';
    return `| #${pr.number} | ${formatGoalRef(metadata.goal)} | ${cell(metadata.agent)} | ${metadata.outcome} | ${metadata.verify} | ${cost} | ${state} |`;
  });
  return ['| PR | Goal | Agent | Outcome | Verify | Cost | State |', '| --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}
