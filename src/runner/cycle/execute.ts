import { join } from 'node:path';
import type { RunnerConfig } from '../../config/index.js';
import { resolveAgent as defaultResolveAgent, type ResolvedAgent } from '../agents/index.js';
import { composePrompt, readRepoInstructions, type ComposedPrompt } from './prompt.js';
import type { Redact } from '../process/redact.js';
import { runAgent as defaultRunAgent, type RunAgentOptions, type RunAgentResult } from '../process/run-agent.js';
import type { Git } from '../git/git.js';
import type { StagedChanges } from '../git/stage-changes.js';
import type { Containment } from '../sandbox/containment.js';
import { guardStagedChanges } from './collect-guard-changes.js';
import { runSessionAgent } from './run-session-agent.js';
import type { SessionRow, Store } from '../store/index.js';
import type { Goal, TrustedText } from './goal-types.js';
import type { Workspace, Workspaces } from '../git/workspace.js';

export interface ExecuteDeps {
  git: Git;
  store: Store;
  workspaces: Workspaces;
  config: Pick<RunnerConfig, 'agents' | 'budget' | 'guard' | 'verify'>;
  redact: Redact;
  /** The sandbox the agent runs in (or "off"), with a private temp dir per run. */
  containment: Containment;
  /** Where session logs and saved patches go. */
  sessionsDir: string;
  resolveAgent?: (name: string, agents: RunnerConfig['agents']) => ResolvedAgent;
  runAgent?: (options: RunAgentOptions) => Promise<RunAgentResult>;
  /** Between TERM and KILL when the budget runs out. */
  graceMs?: number;
  /** Each line of the agent's output as it arrives (redacted), for a live view. */
  onOutput?: (line: string) => void;
  now: () => Date;
}

export type Executed =
  /** The agent ran and left changes worth verifying and publishing. */
  | {
      kind: 'changes';
      session: SessionRow;
      staged: StagedChanges;
      summary: string;
      outcome: 'complete' | 'timeout';
      durationMs: number;
      guardNote?: string;
      /** What the workspace's git must read inside the sandbox: the verify command needs it too. */
      readOnlyPaths: readonly string[];
    }
  /** The session ended here, in a final state. */
  | { kind: 'finished'; session: SessionRow };

export const logPathFor = (sessionsDir: string, sessionId: string) => join(sessionsDir, `${sessionId}.log`);
export const patchPathFor = (sessionsDir: string, sessionId: string) => join(sessionsDir, `${sessionId}.patch`);

/** Everything the prompt holds for a goal; only trusted text is in a `Goal` (see analyze.ts). */
export function promptFor(goal: Goal, config: Pick<RunnerConfig, 'guard' | 'verify'>, repoInstructions: string | undefined): ComposedPrompt {
  return composePrompt({
    goal: {
      title: goal.title,
      body: goal.body,
      comments: goal.comments.map(attributed),
      ...(goal.revision
        ? { revision: { instructions: goal.revision.instructions, reviewComments: goal.revision.reviewComments.map(attributed) } }
        : {}),
    },
    repoInstructions,
    forbidPaths: config.guard.forbidPaths,
    verifyCommand: config.verify.command,
    guard: config.guard,
  });
}

const attributed = (text: TrustedText) => `@${text.author} wrote:\n\n${text.body}`;

/**
 * Runs a queued session's agent in a fresh workspace and snapshots what it changed:
 * workspace -> prompt -> agent (sandbox, own process group, allow-listed env, redacted log, budget) -> guard.
 */
export async function execute(deps: ExecuteDeps, queued: SessionRow, goal: Goal, signal: AbortSignal): Promise<Executed> {
  const { git, store, workspaces, config, redact, sessionsDir, now } = deps;
  const resolveAgent = deps.resolveAgent ?? defaultResolveAgent;
  const runAgent = deps.runAgent ?? defaultRunAgent;
  const id = queued.id;
  const finish = (state: SessionRow['state'], error?: string) =>
    ({ kind: 'finished', session: store.moveSession(id, state, { finishedAt: now().toISOString(), ...(error ? { error } : {}) }, error) }) as const;

  let agent: ResolvedAgent;
  let workspace: Workspace;
  try {
    agent = resolveAgent(queued.agent, config.agents);
    workspace = await workspaces.create(id, goal.revision ? { revisionBranch: goal.revision.branch } : {});
  } catch (error) {
    await workspaces.remove(id);
    return finish('failed', (error as Error).message);
  }
  store.updateSession(id, { worktree: workspace.path, baseSha: workspace.baseSha, startSha: workspace.startSha });
  const prompt = promptFor(goal, config, await readRepoInstructions(workspace.path));

  const keepPatch = () => workspaces.snapshot(id, workspace.baseSha, patchPathFor(sessionsDir, id));
  const end = async (state: SessionRow['state'], error?: string) => {
    await keepPatch();
    await workspaces.release(id);
    return finish(state, error);
  };
  // The agent's git borrows the runner repository's objects: readable inside the sandbox, never writable.
  const readOnlyPaths = [workspace.sharedObjects];

  store.moveSession(id, 'running', { startedAt: now().toISOString() });
  let run: RunAgentResult;
  try {
    run = await runSessionAgent({
      containment: deps.containment,
      agent,
      workspace: { path: workspace.path, readOnlyPaths },
      session: id,
      prompt: prompt.text,
      promptTrimmed: prompt.trimmed,
      runAgent,
      timeoutMs: config.budget.perSessionMinutes * 60_000,
      graceMs: deps.graceMs ?? 10_000,
      logFile: logPathFor(sessionsDir, id),
      redact,
      signal,
      onSpawn: (pid) => store.updateSession(id, { agentPid: pid }),
      ...(deps.onOutput ? { onOutput: deps.onOutput } : {}),
    });
  } catch (error) {
    return end('failed', redact((error as Error).message));
  }
  store.updateSession(id, { agentMs: run.durationMs });

  if (run.aborted) return end('abandoned', 'the runner was stopped during the session');
  if (run.timedOut && config.budget.onTimeout === 'discard') {
    return end('timeout', `ran out of its ${config.budget.perSessionMinutes} min budget; partial work discarded (onTimeout: discard)`);
  }
  if (!run.timedOut && run.exitCode !== 0) {
    return end('failed', `agent ${agent.name} exited with ${run.exitCode === undefined ? `signal ${run.signal}` : `code ${run.exitCode}`}${unreadableHint(run, agent)}`);
  }
  const tampered = await workspaces.repairRepo();
  if (tampered.length > 0) {
    // Only reachable with no sandbox around the agent. The push and every later fetch run in
    // that repository: a helper, proxy or exclude the agent set there must never apply. The
    // runner's files are put back, and what this agent left is not trusted enough to push.
    return end('failed', `the agent changed the runner's git repository (${tampered.join(', ')}; restored); nothing is pushed`);
  }

  const staged = await workspaces.stage(id, workspace.baseSha);
  if (!staged.changed) {
    await workspaces.release(id);
    return run.timedOut ? finish('timeout', 'ran out of its budget with no changes') : finish('no-changes');
  }
  const guard = await guardStagedChanges(git, await workspaces.gitOptions(id), workspace.baseSha, staged, config.guard, logPathFor(sessionsDir, id));
  if (!guard.ok && !config.guard.allowForbidden) return end('failed', `guard: ${guard.reasons.join('; ')}`);

  const summary = redact(agent.extractSummary(run.stdout, run.stderr) ?? 'The agent gave no summary.');
  return {
    kind: 'changes',
    session: store.getSession(id)!,
    staged,
    summary,
    outcome: run.timedOut ? 'timeout' : 'complete',
    durationMs: run.durationMs,
    readOnlyPaths,
    ...(guard.reasons.length > 0 ? { guardNote: `Guard tripped, pushed because guard.allowForbidden is set: ${guard.reasons.join('; ')}` } : {}),
  };
}

/**
 * bwrap's or sandbox-exec's "execvp" error, a shell's "not found" (127) or node's missing module
 * usually mean, inside the sandbox, that the agent's program or a file it loads is not readable there.
 */
function unreadableHint(run: RunAgentResult, agent: ResolvedAgent): string {
  const missing = run.exitCode === 127 || /bwrap: execvp|sandbox-exec: execvp|Cannot find module/.test(run.stderr);
  if (!missing) return '';
  return `; if its program or a file it needs lives outside the system dirs and the usual toolchains, add that dir to agents.defs.${agent.name}.sandbox.allowRead`;
}
