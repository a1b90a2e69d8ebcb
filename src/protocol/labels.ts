/** Every label overnight uses. The bot creates any that are missing, with these colours. */
export interface LabelDef {
  name: string;
  /** Six hex digits without "#", as the GitHub labels API takes it. */
  color: string;
  description: string;
}

export const AGENT_LABEL_PREFIX = 'agent:';
export const PRIORITIES = ['high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const LABELS = {
  goal: { name: 'overnight', color: '5319e7', description: 'A goal for overnight coding agents' },
  paused: { name: 'overnight:paused', color: 'fbca04', description: 'Overnight: no new sessions until resumed' },
  running: { name: 'overnight:running', color: '1d76db', description: 'Overnight: an agent is working on this now' },
  prOpen: { name: 'overnight:pr-open', color: '0e8a16', description: 'Overnight: a pull request for this goal is open' },
  recurring: { name: 'overnight:recurring', color: 'c5def5', description: 'Overnight: stays open and is worked on again' },
  dashboard: { name: 'overnight:dashboard', color: '0052cc', description: 'Overnight: the dashboard issue' },
  partial: { name: 'overnight:partial', color: 'e99695', description: 'Overnight: the agent ran out of time' },
  priorityHigh: { name: 'priority:high', color: 'b60205', description: 'Worked on before other goals' },
  priorityLow: { name: 'priority:low', color: 'c2e0c6', description: 'Worked on after other goals' },
} as const satisfies Record<string, LabelDef>;

const AGENT_COLOR = 'bfdadc';

export function agentLabel(agent: string): string {
  return `${AGENT_LABEL_PREFIX}${agent}`;
}

export function agentLabelDef(agent: string): LabelDef {
  return { name: agentLabel(agent), color: AGENT_COLOR, description: `Overnight: use the ${agent} agent` };
}

/** The definition of any label this app manages, or undefined for labels it does not own. */
export function labelDef(name: string): LabelDef | undefined {
  const lower = name.toLowerCase();
  const known = Object.values(LABELS).find((label) => label.name === lower);
  if (known) return known;
  return lower.startsWith(AGENT_LABEL_PREFIX) && lower.length > AGENT_LABEL_PREFIX.length
    ? agentLabelDef(name.slice(AGENT_LABEL_PREFIX.length))
    : undefined;
}

/** GitHub label names are case-insensitive; so is this. The first `agent:` label wins. */
export function agentFromLabels(names: Iterable<string>): string | undefined {
  for (const name of names) {
    if (name.toLowerCase().startsWith(AGENT_LABEL_PREFIX)) {
      const agent = name.slice(AGENT_LABEL_PREFIX.length).trim();
      if (agent !== '') return agent;
    }
  }
  return undefined;
}

/** `priority:high` beats `priority:low` when both are present; neither means normal. */
export function priorityFromLabels(names: Iterable<string>): Priority {
  const lower = new Set([...names].map((name) => name.toLowerCase()));
  if (lower.has(LABELS.priorityHigh.name)) return 'high';
  if (lower.has(LABELS.priorityLow.name)) return 'low';
  return 'normal';
}

/** The label a priority sets; normal is the absence of both. */
export function priorityLabel(priority: Priority): string | undefined {
  if (priority === 'high') return LABELS.priorityHigh.name;
  if (priority === 'low') return LABELS.priorityLow.name;
  return undefined;
}

export function hasLabel(names: Iterable<string>, label: string): boolean {
  const wanted = label.toLowerCase();
  for (const name of names) if (name.toLowerCase() === wanted) return true;
  return false;
}

/**
 * Labels that steer what the runner does with a goal: which agent, in which order, or not at
 * all. Only people allowed to give `/overnight` commands (and GitHub Apps, this bot among them)
 * may set them; the bot removes them from anyone else and the runner ignores them.
 */
export function isSteeringLabel(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    (lower.startsWith(AGENT_LABEL_PREFIX) && lower.length > AGENT_LABEL_PREFIX.length) ||
    lower === LABELS.priorityHigh.name ||
    lower === LABELS.priorityLow.name ||
    lower === LABELS.paused.name
  );
}
