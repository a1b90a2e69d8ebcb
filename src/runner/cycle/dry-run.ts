import { join } from 'node:path';
import type { RunnerConfig } from '../../config/index.js';
import { newSessionId } from '../../protocol/index.js';
import { resolveAgent as defaultResolveAgent, utf8Bytes, type ResolvedAgent } from '../agents/index.js';
import type { SandboxStatus } from '../sandbox/containment.js';
import { sandboxCheck, type SandboxCheck } from '../sandbox/sandbox-check.js';
import { analyze } from './goals/analyze.js';
import { workspacesDir } from '../data-layout.js';
import { decide, type Decision } from './goals/decide.js';
import { promptFor } from './session/execute.js';
import type { RunChecks } from './gate/gate.js';
import { dryRunGate, type DryRunGate } from './gate/dry-run-gate.js';
import type { Preflight } from './gate/preflight.js';
import type { CycleCheck } from '../store/rows.js';
import type { GithubPort } from '../github/types.js';
import { readRepoInstructions } from './session/prompt.js';
import type { SetAside } from './goals/set-aside.js';
import type { GoalHistory } from '../store/rows.js';

export interface DryRunInput {
  config: RunnerConfig;
  github: GithubPort;
  runChecks: RunChecks;
  dataDir: string;
  history: ReadonlyMap<string, GoalHistory>;
  sessionsTonight: number;
  now: Date;
  ignoreWindow?: boolean | undefined;
  ignoreConstraints?: boolean | undefined;
  goal?: string | undefined;
  agent?: string | undefined;
  resolveAgent?: (name: string, agents: RunnerConfig['agents']) => ResolvedAgent;
  /** The sandbox's state, as the cycle's gate sees it. */
  sandbox?: () => Promise<SandboxStatus>;
  /** What the cycle would check first: agent, workspace root, clone, remote. */
  preflight?: () => Promise<Preflight>;
  /** One line for a GitHub failure, naming the field to change (explainGithubError). */
  explain?: (error: unknown) => string;
}

export interface DryRun {
  preflight?: Preflight;
  gate: Omit<DryRunGate, 'github'>;
  setAside: SetAside[];
  decision: Decision;
  /** The exact argv the agent would get (the worktree path is the one the session would use). */
  argv?: string[];
  /** The prompt's size and how the agent would get it: on stdin, or in a file named in argv. */
  prompt?: { bytes: number; via: 'stdin' | 'file' };
  sandbox?: SandboxCheck;
  agentError?: string;
}

/**
 * `overnight once --dry-run`: the gate, the decision with its rationale and the agent argv, from
 * the same code the cycle runs, with no side effect (no fetch, no claim, no store write).
 */
export async function dryRun(input: DryRunInput): Promise<DryRun> {
  const { config, github } = input;
  const explain = input.explain ?? ((error: unknown) => (error instanceof Error ? error.message : String(error)));
  const [ready, { github: facts, ...gate }] = await Promise.all([input.preflight?.(), dryRunGate({ ...input, explain })]);
  const status = await input.sandbox?.();
  const sandbox = status ? sandboxCheck(status) : undefined;
  const shown = { ...(ready ? { preflight: ready } : {}), gate, ...(sandbox ? { sandbox } : {}) };
  if (!facts) {
    const reason = `unknown: GitHub could not be asked (${gate.unknown})`;
    return { ...shown, setAside: [], decision: { kind: 'none', reason, reasons: [reason] } };
  }
  const analysis = await analyze({ github, repoConfig: facts.repoConfig, agentPrs: facts.agentPrs, staticGoals: config.goals });
  const decision = decide({
    goals: analysis.goals,
    history: input.history,
    agents: config.agents,
    setAside: analysis.setAside,
    ...(input.goal ? { goal: input.goal } : {}),
    ...(input.agent ? { agent: input.agent } : {}),
  });
  const result: DryRun = { ...shown, setAside: analysis.setAside, decision };
  if (decision.kind === 'none') return result;
  try {
    const agent = (input.resolveAgent ?? defaultResolveAgent)(decision.agent, config.agents);
    const session = newSessionId(input.now, config.schedule.timezone);
    // The checkout stands in for the worktree (same tree at the base, modulo local edits).
    const prompt = promptFor(decision.goal, config, await readRepoInstructions(config.repo.path)).text;
    const launch = agent.launch({
      prompt,
      promptFile: join(input.dataDir, 'tmp', session, 'prompt.md'),
      workdir: join(workspacesDir(input.dataDir), session),
      session,
      sandboxed: status?.mode === 'required',
    });
    return {
      ...result,
      argv: [agent.bin, ...launch.args],
      prompt: { bytes: utf8Bytes(prompt), via: launch.stdin !== undefined ? 'stdin' : 'file' },
    };
  } catch (error) {
    return { ...result, agentError: (error as Error).message };
  }
}

/** Whether the dry run could say everything a cycle would meet: `once --dry-run` exits 1 when not. */
export function dryRunComplete(run: DryRun): boolean {
  return (run.preflight?.ok ?? true) && run.gate.unknown === undefined && run.agentError === undefined;
}

export function formatDryRun(run: DryRun): string {
  const lines: string[] = [];
  if (run.preflight) {
    lines.push(`preflight: ${run.preflight.ok ? 'ok (agent, workspace root, clone, remote and base branch)' : 'failed'}`);
    lines.push(...run.preflight.problems.map((problem) => `  - ${problem}`));
  }
  const { gate } = run;
  lines.push(`gate: ${gate.open ? 'open' : gate.reasons.length === 0 ? 'unknown' : 'closed'}`);
  const where = gate.window.inside ? 'now inside' : 'now outside';
  lines.push(`  window ${gate.window.window}: ${gate.window.ignored ? `${where}, ignored (--ignore-window)` : where}`);
  lines.push(`  constraints: ${gate.checks ? formatChecks(gate.checks) : 'ignored (--ignore-constraints)'}`);
  lines.push(`  github: ${gate.unknown ? `unknown: ${gate.unknown}` : 'read (pause, open agent PRs, .github/overnight.yml)'}`);
  lines.push(...gate.reasons.map((reason) => `  - ${reason}`));
  for (const { key, reason } of run.setAside) lines.push(`set aside goal ${key}: ${reason}`);
  if (run.decision.kind === 'none') lines.push(`decision: none (${run.decision.reason})`);
  else {
    lines.push(`decision: ${run.decision.goal.key} "${run.decision.goal.subject}" with agent ${run.decision.agent}`);
    lines.push(`rationale: ${run.decision.rationale}`);
  }
  if (run.sandbox) {
    const { ok, required, reason } = run.sandbox;
    lines.push(`sandbox: ${ok ? `${reason} (required)` : required ? `MISSING: ${reason}` : reason}`);
  }
  if (run.argv) lines.push(`agent argv: ${JSON.stringify(run.argv)}`);
  if (run.prompt) lines.push(`prompt: ${run.prompt.bytes} bytes ${run.prompt.via === 'stdin' ? 'on stdin' : 'in the prompt file'}`);
  if (run.agentError) lines.push(`agent: ${run.agentError}`);
  lines.push('dry run: nothing was changed');
  return `${lines.join('\n')}\n`;
}

/** The required checks, `pluggedIn ✓`, a failed one with why. */
function formatChecks(checks: readonly CycleCheck[]): string {
  // The sandbox has its own line below.
  const required = checks.filter((check) => check.required && check.name !== 'sandbox');
  if (required.length === 0) return 'none required';
  return required.map((check) => (check.ok ? `${check.name} ✓` : `${check.name} ✗ (${check.reason})`)).join(', ');
}
