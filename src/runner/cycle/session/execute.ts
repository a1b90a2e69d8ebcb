import { join } from 'node:path';
import type { RunnerConfig } from '../../../config/index.js';
import { resolveAgent as defaultResolveAgent, type ResolvedAgent } from '../../agents/index.js';
import { composePrompt, readRepoInstructions, type ComposedPrompt } from './prompt.js';
import type { Redact } from '../../process/redact.js';
import { runAgent as defaultRunAgent, type RunAgentOptions, type RunAgentResult } from '../../process/run-agent.js';
import type { runVerify as defaultRunVerify } from './verify.js';
import type { Git } from '../../git/git.js';
import type { StagedChanges } from '../../git/stage-changes.js';
import type { Containment } from '../../sandbox/containment.js';
import type { StoppedBy } from '../../../protocol/index.js';
import { judgeRound } from './judge-round.js';
import { runRound, type RoundRecord, type SessionContext } from './session-round.js';
import type { SessionRow, Store, TestFinding } from '../../store/index.js';
import type { Goal, TrustedText } from '../goals/goal-types.js';
import type { Workspace, Workspaces } from '../../git/workspace.js';

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
  /** The verify command's runner (verify-and-repair.ts); the real one by default. */
  runVerify?: typeof defaultRunVerify;
  /** Between TERM and KILL when the budget runs out. */
  graceMs?: number;
  /** Each line of the agent's output as it arrives (redacted), for a live view. */
  onOutput?: (line: string) => void;
  now: () => Date;
}

/** What a session's agent has left so far: the staged change and how the rounds went. */
export interface SessionWork {
  session: SessionRow;
  staged: StagedChanges;
  summary: string;
  outcome: 'complete' | 'timeout';
  /** The cap that stopped the agent (the outcome is then `timeout`). */
  stoppedBy?: StoppedBy;
  /** Agent time of every round so far. */
  durationMs: number;
  guardNote?: string;
  /** What weakened the tests in the change as it stands. */
  findings: TestFinding[];
}

export type Executed =
  /** The agent ran and left changes worth verifying and publishing. */
  | (SessionWork & {
      kind: 'changes';
      /** What the workspace's git must read inside the sandbox: the verify command needs it too. */
      readOnlyPaths: readonly string[];
      /** For the repair rounds: the session's context and its rounds so far. */
      context: SessionContext;
      rounds: RoundRecord[];
    })
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
 * workspace -> prompt -> agent (sandbox, own process group, allow-listed env, redacted log, time
 * budget and caps) -> staging, guard and test check (judge-round.ts). Verification and the repair
 * rounds come after (verify-and-repair.ts).
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
  const context: SessionContext = {
    store,
    config,
    containment: deps.containment,
    redact,
    runAgent,
    graceMs: deps.graceMs ?? 10_000,
    now,
    session: queued,
    agent,
    workspace: { path: workspace.path, readOnlyPaths },
    prompt: prompt.text,
    ...(prompt.trimmed.length ? { promptTrimmed: prompt.trimmed } : {}),
    ...(deps.onOutput ? { onOutput: deps.onOutput } : {}),
    logFile: logPathFor(sessionsDir, id),
    signal,
  };
  let record: RoundRecord;
  try {
    const ran = await runRound(context, []);
    if ('notStarted' in ran) return end('failed', `not started: ${ran.notStarted} has nothing left tonight`);
    record = ran;
  } catch (error) {
    return end('failed', redact((error as Error).message));
  }

  const judged = await judgeRound({ git, workspaces, config, sessionId: id, baseSha: workspace.baseSha, agent, logFile: context.logFile }, record);
  if (judged.kind === 'end') {
    if (!judged.keepPatch) await workspaces.release(id);
    return judged.keepPatch ? end(judged.state, judged.error) : finish(judged.state, judged.error);
  }
  const summary = redact(agent.extractSummary(record.run.stdout, record.run.stderr) ?? 'The agent gave no summary.');
  const stoppedBy = record.stopped && record.stopped !== 'time' ? record.stopped : undefined;
  return {
    kind: 'changes',
    session: store.updateSession(id, { testFindings: judged.findings, ...(stoppedBy ? { stoppedBy } : {}) }),
    staged: judged.staged,
    summary,
    outcome: record.stopped ? 'timeout' : 'complete',
    ...(stoppedBy ? { stoppedBy } : {}),
    durationMs: record.run.durationMs,
    readOnlyPaths,
    findings: judged.findings,
    context,
    rounds: [record],
    ...(judged.guardNote ? { guardNote: judged.guardNote } : {}),
  };
}
