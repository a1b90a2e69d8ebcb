import { LABELS, agentFromLabels, hasLabel, priorityFromLabels, type Priority } from '../../protocol/index.js';

export type GoalState = 'running' | 'pr-open' | 'paused' | 'queued';

export interface GoalSummary {
  number: number;
  title: string;
  state: GoalState;
  priority: Priority;
  agent?: string;
  recurring: boolean;
}

/** A goal's state from its labels; running and PR-open describe work in flight, so they win over paused. */
export function goalStateFromLabels(labels: readonly string[]): GoalState {
  if (hasLabel(labels, LABELS.running.name)) return 'running';
  if (hasLabel(labels, LABELS.prOpen.name)) return 'pr-open';
  if (hasLabel(labels, LABELS.paused.name)) return 'paused';
  return 'queued';
}

export function summariseGoal(issue: { number: number; title: string; labels: readonly string[] }): GoalSummary {
  const agent = agentFromLabels(issue.labels);
  return {
    number: issue.number,
    title: issue.title,
    state: goalStateFromLabels(issue.labels),
    priority: priorityFromLabels(issue.labels),
    ...(agent ? { agent } : {}),
    recurring: hasLabel(issue.labels, LABELS.recurring.name),
  };
}

const PRIORITY_ORDER: Record<Priority, number> = { high: 0, normal: 1, low: 2 };

/** The order the runner works in: priority, then oldest (lowest number) first. */
export function byQueueOrder(a: GoalSummary, b: GoalSummary): number {
  return PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] || a.number - b.number;
}
