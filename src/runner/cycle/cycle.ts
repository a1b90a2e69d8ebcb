import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { RunnerConfig } from '../../config/index.js';
import { branchForSession, formatCommitBody, formatCommitMessage, newSessionId } from '../../protocol/index.js';
import { analyze } from './analyze.js';
import { claimGoal } from './claim-goal.js';
import type { CycleContext, CycleFn, CycleResult, CycleTick } from './cycle-types.js';
import { sessionsDir as sessionsDirOf, worktreesDir } from '../data-layout.js';
import { decide } from './decide.js';
import { execute, logPathFor, patchPathFor, type ExecuteDeps } from './execute.js';
import { createGit, gitValue, type Git } from '../git/git.js';
import { checkGate, type RunChecks } from './gate.js';
import type { GithubPort } from '../github/types.js';
import { createPublisher } from './publish.js';
import { credentialEnv } from '../git/push-credential.js';
import { createRedactor } from '../process/redact.js';
import { runningLabel, type RunningLabel } from './running-label.js';
import type { CycleCheck, SessionRow, Store } from '../store/index.js';
import { runVerify as defaultRunVerify } from './verify.js';
import { createWorkspaces, type Workspaces } from '../git/workspace.js';
import { oneAtATime } from './one-at-a-time.js';
import { setAsideBusy } from './set-aside-busy.js';
import { shareWorkspaces } from './share-workspaces.js';

export interface CycleOptions {
  config: RunnerConfig;
  github: GithubPort;
  store: Store;
  /** The runner's data dir: worktrees and session logs live under it. */
  dataDir: string;
  runChecks: RunChecks;
  /** The GitHub token: used for the push credential and masked in every log. Never given to the agent. */
  token?: string;
  git?: Git;
  clock?: { now(): Date };
  logger?: Logger;
  /** `overnight once` switches. */
  ignoreWindow?: boolean;
  ignoreConstraints?: boolean;
  goal?: string;
  agent?: string;
  /** Test seams for the agent stage (real defaults). */
  resolveAgent?: ExecuteDeps['resolveAgent'];
  runAgent?: ExecuteDeps['runAgent'];
  runVerify?: typeof defaultRunVerify;
  graceMs?: number;
  randomHex?: () => string;
}

/**
 * The work of one tick: settle earlier sessions, then
 * gate -> analyze -> decide -> execute -> verify -> publish. Every cycle is recorded, with its
 * reasons when it is skipped or idle, and the constraint checks of its gate.
 */
export function createCycle(options: CycleOptions): CycleFn {
  const { config, github, store, dataDir, token } = options;
  const git = options.git ?? createGit();
  const now = () => (options.clock ?? { now: () => new Date() }).now();
  const runVerify = options.runVerify ?? defaultRunVerify;
  const redact = createRedactor(token ? [token] : []);
  const repoPath = config.repo.path;
  const sessionsDir = sessionsDirOf(dataDir);
  const runner = config.runnerName ?? hostname();
  // Shared by every cycle this function runs, so parallel slots take turns on the clone: one for
  // the worktrees, one for settling and publishing (two cycles must never push or open a PR for
  // the same session).
  const worktreeLock = oneAtATime();
  const publishLock = oneAtATime();

  return async (tick: CycleTick, ctx: CycleContext): Promise<CycleResult> => {
    const log = options.logger ?? ctx.logger;
    const cycle = store.startCycle({ night: tick.night, scheduledAt: tick.scheduledAt, startedAt: now(), catchUp: tick.catchUp });
    // Set once the gate ran its constraint checks: every later outcome records them.
    let checks: CycleCheck[] | undefined;
    // Set once a goal is chosen: other goals were ready too.
    let moreWork = false;
    const done = (result: CycleResult & { reasons?: string[] }): CycleResult => {
      store.finishCycle(cycle.id, {
        outcome: result.outcome,
        reasons: result.reasons ?? [],
        ...(result.detail ? { detail: result.detail } : {}),
        ...(checks ? { checks } : {}),
      });
      return { outcome: result.outcome, ...(result.detail ? { detail: result.detail } : {}), ...(session && moreWork ? { moreWork } : {}) };
    };

    let session: SessionRow | undefined;
    let workspaces: Workspaces | undefined;
    let label: RunningLabel | undefined;
    let releasePublishing: (() => void) | undefined;
    try {
      const remoteUrl = await gitValue(git, ['remote', 'get-url', config.repo.remote], { cwd: repoPath });
      const pushEnv = credentialEnv(remoteUrl, token);
      workspaces = shareWorkspaces(
        createWorkspaces({ git, repoPath, remote: config.repo.remote, base: config.repo.base, root: worktreesDir(dataDir), env: pushEnv, spares: config.budget.maxConcurrent }),
        worktreeLock,
      );
      const publisher = createPublisher({ git, github, store, config, repoPath, pushEnv, now, log });

      // 0. Earlier work first: a committed session is pushed, a pushed one gets its PR. While
      //    another slot publishes, this cycle leaves settling to a later one rather than wait.
      const settled = await publishLock.runIfFree(() => publisher.settle());
      if (settled && settled.errors.length > 0) log.warn({ errors: settled.errors.map(redact) }, 'could not finish earlier sessions');

      // 1. Gate.
      const gate = await checkGate({
        config,
        github,
        runChecks: options.runChecks,
        sessionsTonight: store.sessionsOfNight(tick.night).length,
        now: now(),
        ignoreWindow: options.ignoreWindow,
        ignoreConstraints: options.ignoreConstraints,
      });
      const { repoConfig, agentPrs } = gate;
      checks = gate.checks;
      if (!gate.open) return done({ outcome: 'skipped', reasons: gate.reasons, detail: gate.reasons.join('; ') });

      // 2. Analyze (the trust filter) and 3. decide.
      const analysis = await analyze({ github, repoConfig, agentPrs, staticGoals: config.goals });
      // No await from here to the hold: another slot cannot take a goal in between.
      const publishing = [...store.sessionsInState('committed'), ...store.sessionsInState('pushed')].map((earlier) => earlier.goal);
      const { ready, setAside } = setAsideBusy(analysis.goals, { held: ctx.slots?.held() ?? new Set(), publishing: new Set(publishing) });
      const choice = {
        history: store.goalHistory(tick.night),
        agents: config.agents,
        setAside: [...analysis.setAside, ...setAside],
        ...(options.goal ? { goal: options.goal } : {}),
        ...(options.agent ? { agent: options.agent } : {}),
      };
      const decision = decide({ goals: ready, ...choice });
      if (decision.kind === 'none') return done({ outcome: 'idle', reasons: decision.reasons, detail: decision.reason });
      const { goal, agent, rationale } = decision;
      const sessionId = newSessionId(now(), config.schedule.timezone, options.randomHex);
      moreWork = decide({ goals: ready.filter((other) => other.key !== goal.key), ...choice }).kind === 'run';
      if (ctx.slots && !ctx.slots.hold({ goal: goal.key, session: sessionId, moreWork })) {
        const why = `${goal.key} is being worked on in another slot`;
        return done({ outcome: 'skipped', reasons: [why], detail: why });
      }
      log.info({ goal: goal.key, agent, rationale, moreWork }, 'decided');

      // Claim the goal so no other runner of this repo works on it too.
      const baseSha = await workspaces.fetchBase();
      const claimRef = await claimGoal({ git, github, repoPath, goal, baseSha, runner, sessionId });
      if (!claimRef) {
        const why = `${goal.key} is claimed by another runner`;
        return done({ outcome: 'skipped', reasons: [why], detail: why });
      }

      session = store.createSession({
        id: sessionId,
        cycleId: cycle.id,
        night: tick.night,
        goal: goal.key,
        goalTitle: goal.subject,
        ...(goal.revision ? { revisionOf: goal.revision.prNumber } : {}),
        recurring: goal.recurring,
        agent,
        rationale,
        branch: goal.revision ? goal.revision.branch : branchForSession(sessionId),
        claimRef,
        logPath: logPathFor(sessionsDir, sessionId),
      });
      const sessionLog = log.child({ session: sessionId });
      label = runningLabel(github, goal.key, sessionLog);
      await label.set();

      // 4. Execute.
      const executed = await execute(
        { git, store, workspaces, config, redact, sessionsDir, now, ...seams(options) },
        session,
        goal,
        ctx.signal,
      );
      if (executed.kind === 'finished') {
        session = executed.session;
        await label.clear();
        if (session.claimRef) await github.release(session.claimRef);
        sessionLog.info({ state: session.state, error: session.error }, `session ${session.state}`);
        return done({ outcome: session.state, ...(session.error ? { detail: session.error } : {}) });
      }

      // 5. Verify, in the worktree, under its own budget.
      const verify = config.verify.command
        ? await runVerify({
            command: config.verify.command,
            cwd: executed.session.worktree!,
            timeoutMs: config.verify.timeoutMinutes * 60_000,
            logFile: logPathFor(sessionsDir, sessionId),
            redact,
            signal: ctx.signal,
          })
        : { result: 'skipped' as const };
      if (ctx.signal.aborted) throw new Error('the runner was stopped during verification');
      // Agent and verification are done. The label comes off before the push: the push leads
      // the bot to label the goal pr-open, and the goal must never show both.
      await label.clear();

      // 6. Publish: one commit on the base, pushed as agent/<session>, then the PR.
      const message = formatCommitMessage({
        subject: goal.subject,
        body: formatCommitBody({ summary: [executed.summary, executed.guardNote].filter(Boolean).join('\n\n'), rationale }),
        trailers: {
          session: sessionId,
          goal: goal.ref,
          agent,
          runner,
          cycle: cycle.id,
          durationSec: Math.round(executed.durationMs / 1000),
          verify: verify.result,
          outcome: executed.outcome,
          // Trailers are all the bot sees: the window rides along for the PR's session table.
          window: `${config.schedule.window.start}-${config.schedule.window.end}`,
          timezone: config.schedule.timezone,
        },
      });
      releasePublishing = await publishLock.acquire();
      session = await publisher.commit(executed.session, executed.staged.tree, message, {
        verify: verify.result,
        outcome: executed.outcome,
      });
      await workspaces.release(sessionId);
      try {
        session = await publisher.push(session);
        session = await publisher.ensurePr(session, repoConfig);
      } catch (error) {
        const detail = redact((error as Error).message);
        sessionLog.warn({ error: detail }, 'publishing stopped; the next cycle retries');
        return done({ outcome: store.getSession(sessionId)!.state, detail });
      }
      sessionLog.info({ state: session.state, pr: session.prNumber }, `session ${session.state}`);
      return done({ outcome: session.state, detail: `${session.branch}${session.prNumber ? ` PR #${session.prNumber}` : ''}` });
    } catch (error) {
      const detail = redact((error as Error).message);
      if (session && workspaces) await endUnfinished({ store, github, workspaces, sessionsDir, id: session.id, error: detail, now, aborted: ctx.signal.aborted });
      await label?.clear();
      log.error({ error: detail }, 'cycle failed');
      return done({ outcome: 'error', detail });
    } finally {
      releasePublishing?.();
    }
  };
}

function seams(options: CycleOptions): Partial<ExecuteDeps> {
  return {
    ...(options.resolveAgent ? { resolveAgent: options.resolveAgent } : {}),
    ...(options.runAgent ? { runAgent: options.runAgent } : {}),
    ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
  };
}

/**
 * A session an unexpected error (or a stop) interrupted before its commit ends failed (abandoned
 * when stopped), its work saved as a patch, its worktree and claim released. A committed session
 * is left as it is: the next cycle pushes it.
 */
async function endUnfinished(input: {
  store: Store;
  github: GithubPort;
  workspaces: Workspaces;
  sessionsDir: string;
  id: string;
  error: string;
  now: () => Date;
  aborted: boolean;
}): Promise<void> {
  const { store, workspaces, id } = input;
  const current = store.getSession(id);
  if (!current || (current.state !== 'queued' && current.state !== 'running')) return;
  if (current.baseSha) await workspaces.snapshot(id, current.baseSha, patchPathFor(input.sessionsDir, id)).catch(() => false);
  await workspaces.release(id).catch(() => workspaces.remove(id));
  store.moveSession(id, input.aborted ? 'abandoned' : 'failed', { error: input.error, finishedAt: input.now().toISOString() }, input.error);
  if (current.claimRef) await input.github.release(current.claimRef).catch(() => undefined);
}
