import type { RepoConfig, RunnerConfig, ScheduleConfig } from '../../../config/index.js';
import { isWithinWindow } from '../../../schedule/index.js';
import type { ChecksReport } from '../../../constraints/index.js';
import type { AgentPr, GithubPort } from '../../github/types.js';
import type { CycleCheck } from '../../store/rows.js';
import type { SandboxStatus } from '../../sandbox/containment.js';
import { sandboxCheck, type SandboxCheck } from '../../sandbox/sandbox-check.js';
import { nightCapReasons, type NightCaps, type NightSpend } from './budget-gate.js';

export interface GateFacts {
  /** Undefined when the window is ignored (`--ignore-window`). */
  withinWindow?: boolean;
  window?: string;
  /** Undefined when constraints are ignored (`--ignore-constraints`). */
  constraints?: ChecksReport;
  paused: boolean;
  sessionsTonight: number;
  openAgentPrs: number;
  maxSessionsPerNight?: number | undefined;
  /** The smaller of the runner's `budget.maxOpenPrs` and the repo's `limits.maxOpenPrs`. */
  maxOpenPrs?: number | undefined;
  /** Undefined when not checked (tests of other facts). */
  sandbox?: SandboxCheck;
  /** What tonight's sessions used, against the night's caps (budget-gate.ts). */
  nightSpend?: NightSpend;
  nightCaps?: NightCaps;
}

export interface GateResult {
  open: boolean;
  /** Every reason the gate is closed, each naming what was seen. */
  reasons: string[];
}

/** Whether a session may start now (pure). A closed gate names every reason, not just the first. */
export function evaluateGate(facts: GateFacts): GateResult {
  const reasons: string[] = [];
  if (facts.withinWindow === false) reasons.push(`outside the window ${facts.window ?? ''}`.trim());
  for (const check of facts.constraints?.checks ?? []) {
    if (check.required && !check.ok) reasons.push(check.reason);
  }
  if (facts.constraints && !facts.constraints.ok && !facts.constraints.checks.some((c) => c.required && !c.ok)) {
    reasons.push('constraints not met');
  }
  // Not skippable with --ignore-constraints: it is no constraint of the machine's state but of safety.
  if (facts.sandbox?.required && !facts.sandbox.ok) reasons.push(`sandbox required: ${facts.sandbox.reason}`);
  if (facts.paused) reasons.push('paused: the dashboard issue carries overnight:paused');
  if (facts.maxSessionsPerNight !== undefined && facts.sessionsTonight >= facts.maxSessionsPerNight) {
    reasons.push(`${facts.sessionsTonight} sessions tonight, maxSessionsPerNight is ${facts.maxSessionsPerNight}`);
  }
  if (facts.maxOpenPrs !== undefined && facts.openAgentPrs >= facts.maxOpenPrs) {
    reasons.push(`${facts.openAgentPrs} agent PRs open, maxOpenPrs is ${facts.maxOpenPrs}`);
  }
  if (facts.nightSpend && facts.nightCaps) reasons.push(...nightCapReasons(facts.nightSpend, facts.nightCaps));
  return { open: reasons.length === 0, reasons };
}

/** The window fact for `now`; the night it belongs to comes from the tick. */
export function windowFact(schedule: ScheduleConfig, now: Date): Pick<GateFacts, 'withinWindow' | 'window'> {
  return {
    withinWindow: isWithinWindow(schedule, now) !== undefined,
    window: `${schedule.window.start}-${schedule.window.end} ${schedule.timezone}`,
  };
}

export function smallerLimit(...limits: (number | undefined)[]): number | undefined {
  const set = limits.filter((limit): limit is number => limit !== undefined);
  return set.length === 0 ? undefined : Math.min(...set);
}

export interface GateInput {
  config: Pick<RunnerConfig, 'schedule' | 'constraints' | 'budget' | 'repo'>;
  github: GithubPort;
  runChecks: RunChecks;
  sessionsTonight: number;
  /** What tonight's sessions used so far; with the config's caps it can close the gate. */
  nightSpend?: NightSpend;
  now: Date;
  ignoreWindow?: boolean | undefined;
  ignoreConstraints?: boolean | undefined;
  /** The sandbox's state (containment.ts); undefined leaves it out of the gate. */
  sandbox?: () => Promise<SandboxStatus>;
}

export type RunChecks = (constraints: RunnerConfig['constraints'], deps: object, options: { repoPath: string }) => Promise<ChecksReport>;

/** What a cycle records of the constraint checks: every check, passed or not (pure). */
export function cycleChecks(report: ChecksReport): CycleCheck[] {
  return report.checks.map(({ name, required, ok, reason }) => ({ name, required, ok, reason }));
}

/**
 * Gathers the gate's facts (GitHub, constraints, the store's count) and evaluates them. `checks`
 * is absent when the constraints were ignored.
 */
export async function checkGate(
  input: GateInput,
): Promise<GateResult & { repoConfig: RepoConfig; agentPrs: AgentPr[]; checks?: CycleCheck[] }> {
  const { config, github } = input;
  const [repoConfig, paused, agentPrs, constraints, sandbox] = await Promise.all([
    github.repoConfig(),
    github.isPaused(),
    github.listAgentPrs(),
    input.ignoreConstraints ? undefined : input.runChecks(config.constraints, {}, { repoPath: config.repo.path }),
    input.sandbox?.().then(sandboxCheck),
  ]);
  const gate = evaluateGate({
    ...(input.ignoreWindow ? {} : windowFact(config.schedule, input.now)),
    ...(constraints ? { constraints } : {}),
    paused,
    sessionsTonight: input.sessionsTonight,
    openAgentPrs: agentPrs.length,
    maxSessionsPerNight: config.budget.maxSessionsPerNight,
    maxOpenPrs: smallerLimit(config.budget.maxOpenPrs, repoConfig.limits.maxOpenPrs),
    ...(sandbox ? { sandbox } : {}),
    ...(input.nightSpend ? { nightSpend: input.nightSpend, nightCaps: config.budget } : {}),
  });
  const checks = [...(constraints ? cycleChecks(constraints) : []), ...(sandbox ? [sandbox] : [])];
  return { ...gate, repoConfig, agentPrs, ...(checks.length > 0 ? { checks } : {}) };
}
