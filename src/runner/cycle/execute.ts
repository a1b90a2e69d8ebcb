import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunnerConfig } from '../../config/index.js';
import { resolveAgent as defaultResolveAgent, type ResolvedAgent } from '../agents/index.js';
import { gitValue, type Git } from '../git/git.js';
import { buildPrompt, readRepoInstructions } from './prompt.js';
import type { Redact } from '../process/redact.js';
import { runAgent as defaultRunAgent, type RunAgentOptions, type RunAgentResult } from '../process/run-agent.js';
import { checkGuard, parseNumstat } from './guard.js';
import { stageChanges, type StagedChanges } from '../git/stage-changes.js';
import type { SessionRow, Store } from '../store/index.js';
import type { Goal, TrustedText } from './goal-types.js';
import type { Workspace, Workspaces } from '../git/workspace.js';

export interface ExecuteDeps {
  git: Git;
  store: Store;
  workspaces: Workspaces;
  config: Pick<RunnerConfig, 'agents' | 'budget' | 'guard' | 'verify'>;
  redact: Redact;
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
  | { kind: 'changes'; session: SessionRow; staged: StagedChanges; summary: string; outcome: 'complete' | 'timeout'; durationMs: number; guardNote?: string }
  /** The session ended here, in a final state. */
  | { kind: 'finished'; session: SessionRow };

export const logPathFor = (sessionsDir: string, sessionId: string) => join(sessionsDir, `${sessionId}.log`);
export const patchPathFor = (sessionsDir: string, sessionId: string) => join(sessionsDir, `${sessionId}.patch`);

/** Everything the prompt holds for a goal; only trusted text is in a `Goal` (see analyze.ts). */
export function promptFor(goal: Goal, config: Pick<RunnerConfig, 'guard' | 'verify'>, repoInstructions: string | undefined): string {
  return buildPrompt({
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
  });
}

const attributed = (text: TrustedText) => `@${text.author} wrote:\n\n${text.body}`;

/**
 * Runs a queued session's agent in a fresh worktree and snapshots what it changed:
 * workspace -> prompt -> agent (own process group, scrubbed env, redacted log, budget) -> guard.
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
  const gitConfig = await readGitConfig(git, workspace.path);

  store.moveSession(id, 'running', { startedAt: now().toISOString() });
  const run = await runAgent({
    bin: agent.bin,
    args: agent.args({ prompt, workdir: workspace.path, session: id }),
    cwd: workspace.path,
    env: agent.env,
    timeoutMs: config.budget.perSessionMinutes * 60_000,
    graceMs: deps.graceMs ?? 10_000,
    logFile: logPathFor(sessionsDir, id),
    redact,
    signal,
    onSpawn: (pid) => store.updateSession(id, { agentPid: pid }),
    ...(deps.onOutput ? { onOutput: deps.onOutput } : {}),
  });
  store.updateSession(id, { agentMs: run.durationMs });

  const keepPatch = () => workspaces.snapshot(id, workspace.baseSha, patchPathFor(sessionsDir, id));
  const end = async (state: SessionRow['state'], error?: string) => {
    await keepPatch();
    await workspaces.release(id);
    return finish(state, error);
  };

  if (run.aborted) return end('abandoned', 'the runner was stopped during the session');
  if (run.timedOut && config.budget.onTimeout === 'discard') {
    return end('timeout', `ran out of its ${config.budget.perSessionMinutes} min budget; partial work discarded (onTimeout: discard)`);
  }
  if (!run.timedOut && run.exitCode !== 0) {
    return end('failed', `agent ${agent.name} exited with ${run.exitCode === undefined ? `signal ${run.signal}` : `code ${run.exitCode}`}`);
  }
  if ((await readFile(gitConfig.file, 'utf8').catch(() => '')) !== gitConfig.text) {
    // The push and every later fetch use our credential: a remote URL, helper or proxy the agent
    // set must never receive it. The developer's config is put back as it was.
    await writeFile(gitConfig.file, gitConfig.text);
    return end('failed', "the agent changed the repository's git config (restored); nothing is pushed");
  }

  const staged = await stageChanges(git, workspace.path, workspace.baseSha);
  if (!staged.changed) {
    await workspaces.release(id);
    return run.timedOut ? finish('timeout', 'ran out of its budget with no changes') : finish('no-changes');
  }
  const guard = checkGuard(parseNumstat(staged.numstat), config.guard);
  if (!guard.ok && !config.guard.allowForbidden) return end('failed', `guard: ${guard.reasons.join('; ')}`);

  const summary = redact(agent.extractSummary(run.stdout, run.stderr) ?? 'The agent gave no summary.');
  return {
    kind: 'changes',
    session: store.getSession(id)!,
    staged,
    summary,
    outcome: run.timedOut ? 'timeout' : 'complete',
    durationMs: run.durationMs,
    ...(guard.reasons.length > 0 ? { guardNote: `Guard tripped, pushed because guard.allowForbidden is set: ${guard.reasons.join('; ')}` } : {}),
  };
}

/** The clone's shared git config (every worktree reads it), to notice and undo an agent's edits. */
async function readGitConfig(git: Git, worktree: string): Promise<{ file: string; text: string }> {
  const common = await gitValue(git, ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: worktree });
  const file = join(common, 'config');
  return { file, text: await readFile(file, 'utf8').catch(() => '') };
}
