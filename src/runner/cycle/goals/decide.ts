import { BUILTIN_AGENTS, type AgentsConfig } from '../../../config/index.js';
import { agentFromLabels, type Priority } from '../../../protocol/index.js';
import type { GoalHistory } from '../../store/rows.js';
import type { Goal } from './goal-types.js';
import { FAILURES_BEFORE_REST, setAsideParts, type SetAside } from './set-aside.js';

export interface DecideInput {
  goals: readonly Goal[];
  /** Store history by goal key (see `Store.goalHistory`). */
  history: ReadonlyMap<string, GoalHistory>;
  agents: AgentsConfig;
  /** Goals analyze left out, named when nothing runs. */
  setAside?: readonly SetAside[];
  /** Goals chosen earlier in this cycle that could not be claimed: decide falls through to the next. */
  passedOver?: readonly SetAside[];
  /** `overnight once --goal N` / `--agent NAME`. */
  goal?: string;
  agent?: string;
}

export type Decision =
  | { kind: 'run'; goal: Goal; agent: string; rationale: string }
  /** `reasons`: one part per kind of goal set aside ("#3 paused"); `reason`: the one-line summary. */
  | { kind: 'none'; reason: string; reasons: string[] };

const PRIORITY_RANK: Record<Priority, number> = { high: 0, normal: 1, low: 2 };

/**
 * Picks the next goal and its agent (pure). Order: revisions first, then priority:high, then
 * the goal least recently attempted (never attempted first), oldest first, priority:low last.
 */
export function decide({ goals: all, history, agents, setAside = [], passedOver = [], goal: wanted, agent: forcedAgent }: DecideInput): Decision {
  const goals = all.filter((goal) => !passedOver.some((passed) => passed.key === goal.key));
  if (wanted !== undefined) {
    const key = /^\d+$/.test(wanted) ? `#${wanted}` : wanted;
    const passed = passedOver.find((candidate) => candidate.key === key);
    if (passed) return { kind: 'none', reason: passed.reason, reasons: [passed.reason] };
    const goal = goals.find((candidate) => candidate.key === key);
    if (goal) return chosen(goal, 'chosen with --goal', agents, forcedAgent);
    const aside = setAside.find((candidate) => candidate.key === key);
    const reason = aside ? `goal ${key} is set aside: ${aside.reason}` : `goal ${key} is not an open goal this runner may work on`;
    return { kind: 'none', reason, reasons: [reason] };
  }
  const resting = goals.filter((goal) => (history.get(goal.key)?.failuresTonight ?? 0) >= FAILURES_BEFORE_REST);
  const ready = goals.filter((goal) => !resting.includes(goal));
  if (ready.length === 0) {
    const rests = resting.map((goal): SetAside => ({ key: goal.key, kind: 'resting', reason: `failed ${FAILURES_BEFORE_REST} times tonight` }));
    const reasons = setAsideParts([...setAside, ...passedOver, ...rests]);
    return { kind: 'none', reason: `nothing to do: ${reasons.join('; ')}`, reasons };
  }
  const [first] = [...ready].sort((a, b) => compareGoals(a, b, history));
  return chosen(first!, whyGoal(first!, history, ready.length, resting.length, passedOver), agents, forcedAgent);
}

export function compareGoals(a: Goal, b: Goal, history: ReadonlyMap<string, GoalHistory>): number {
  const revision = Number(!a.revision) - Number(!b.revision);
  if (revision !== 0) return revision;
  const priority = PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority];
  if (priority !== 0) return priority;
  const attempted = (history.get(a.key)?.lastAttemptAt ?? '').localeCompare(history.get(b.key)?.lastAttemptAt ?? '');
  if (attempted !== 0) return attempted;
  const age = (a.createdAt ?? '').localeCompare(b.createdAt ?? '');
  return age !== 0 ? age : a.key.localeCompare(b.key);
}

function whyGoal(goal: Goal, history: ReadonlyMap<string, GoalHistory>, ready: number, resting: number, passedOver: readonly SetAside[]): string {
  const parts: string[] = [];
  if (goal.revision) parts.push(`revision of PR #${goal.revision.prNumber} requested by @${goal.revision.requestedBy}`);
  else if (goal.priority !== 'normal') parts.push(`priority ${goal.priority}`);
  const last = history.get(goal.key)?.lastAttemptAt;
  parts.push(last ? `last attempted ${last}` : 'never attempted');
  if (goal.createdAt && !goal.revision) parts.push(`opened ${goal.createdAt.slice(0, 10)}`);
  const of = `first of ${ready} ready goal${ready === 1 ? '' : 's'}${resting > 0 ? ` (${resting} resting after ${FAILURES_BEFORE_REST} failures tonight)` : ''}`;
  const claimed = passedOver.length > 0 ? `; ${passedOver.map((passed) => passed.key).join(', ')} passed over (claimed)` : '';
  return `${parts.join(', ')}; ${of}${claimed}`;
}

function chosen(goal: Goal, whyThisGoal: string, agents: AgentsConfig, forced: string | undefined): Decision {
  const { agent, why } = forced ? { agent: forced, why: 'chosen with --agent' } : chooseAgent(goal, agents);
  return { kind: 'run', goal, agent, rationale: `Goal ${goal.key}: ${whyThisGoal}. Agent ${agent}: ${why}.` };
}

/** The issue's `agent:<name>` label, else the first matching `prefer` rule, else `agents.default`. */
export function chooseAgent(goal: Goal, agents: AgentsConfig): { agent: string; why: string } {
  const known = new Set<string>([...BUILTIN_AGENTS, ...Object.keys(agents.defs)]);
  const notes: string[] = [];
  const labelled = agentFromLabels(goal.labels);
  if (labelled !== undefined) {
    if (known.has(labelled)) return { agent: labelled, why: `label agent:${labelled}` };
    notes.push(`label agent:${labelled} names no configured agent`);
  }
  if (goal.revision?.agent && known.has(goal.revision.agent)) {
    return { agent: goal.revision.agent, why: `the agent that made PR #${goal.revision.prNumber}` };
  }
  const text = `${goal.title}\n${goal.body}`;
  const rule = agents.prefer.find((candidate) => matches(candidate.match, text));
  if (rule) return { agent: rule.agent, why: [...notes, `prefer rule "${rule.match}" matched`].join('; ') };
  return { agent: agents.default, why: [...notes, 'the default (no label or prefer rule matched)'].join('; ') };
}

/** A `prefer` match: `/regex/flags`, or a keyword found case-insensitively. */
export function matches(pattern: string, text: string): boolean {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (regex) {
    try {
      return new RegExp(regex[1]!, regex[2]).test(text);
    } catch {
      return false;
    }
  }
  return text.toLowerCase().includes(pattern.toLowerCase());
}
