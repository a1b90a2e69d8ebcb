import type { RepoConfig } from '../../../config/index.js';
import type { AgentPr } from '../../github/types.js';
import { sandboxCheck } from '../../sandbox/sandbox-check.js';
import type { CycleCheck } from '../../store/rows.js';
import { cycleChecks, evaluateGate, smallerLimit, windowFact, type GateInput, type GateResult } from './gate.js';

export interface DryRunGate extends GateResult {
  window: { window: string; inside: boolean; ignored: boolean };
  /** Every constraint check; absent with `--ignore-constraints`. */
  checks?: CycleCheck[];
  /** Why the GitHub facts (pause, open agent PRs, the repository config) could not be read. */
  unknown?: string;
  github?: { repoConfig: RepoConfig; agentPrs: AgentPr[] };
}

/**
 * The gate as a dry run shows it: the window and the constraints are judged even when GitHub
 * cannot be asked, and its facts are then "unknown" with the reason, so a user can see what the
 * machine would say before the token or the network works.
 */
export async function dryRunGate(input: GateInput & { explain: (error: unknown) => string }): Promise<DryRunGate> {
  const { config, github } = input;
  const window = windowFact(config.schedule, input.now);
  const [facts, constraints, sandbox] = await Promise.all([
    Promise.all([github.repoConfig(), github.isPaused(), github.listAgentPrs()]).then(
      ([repoConfig, paused, agentPrs]) => ({ repoConfig, paused, agentPrs }),
      (error: unknown) => ({ unknown: input.explain(error) }),
    ),
    input.ignoreConstraints ? undefined : input.runChecks(config.constraints, {}, { repoPath: config.repo.path }),
    input.sandbox?.().then(sandboxCheck),
  ]);
  const known = 'repoConfig' in facts ? facts : undefined;
  const gate = evaluateGate({
    ...(input.ignoreWindow ? {} : window),
    ...(constraints ? { constraints } : {}),
    paused: known?.paused ?? false,
    sessionsTonight: input.sessionsTonight,
    openAgentPrs: known?.agentPrs.length ?? 0,
    maxSessionsPerNight: config.budget.maxSessionsPerNight,
    maxOpenPrs: smallerLimit(config.budget.maxOpenPrs, known?.repoConfig.limits.maxOpenPrs),
    ...(sandbox ? { sandbox } : {}),
  });
  return {
    open: gate.open && known !== undefined,
    reasons: gate.reasons,
    window: { window: window.window!, inside: window.withinWindow!, ignored: input.ignoreWindow === true },
    ...(constraints || sandbox ? { checks: [...(constraints ? cycleChecks(constraints) : []), ...(sandbox ? [sandbox] : [])] } : {}),
    ...(known ? { github: { repoConfig: known.repoConfig, agentPrs: known.agentPrs } } : { unknown: (facts as { unknown: string }).unknown }),
  };
}
