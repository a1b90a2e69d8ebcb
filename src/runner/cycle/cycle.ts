import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { platformPaths, type RunnerConfig } from '../../config/index.js';
import { branchForSession, formatCommitBody, formatCommitMessage, newSessionId } from '../../protocol/index.js';
import { analyze } from './goals/analyze.js';
import { claimNextGoal } from './claims/claim-next-goal.js';
import { createClaims, type Claims } from './claims/claims.js';
import { keepClaim } from './claims/keep-claim.js';
import type { CycleContext, CycleFn, CycleResult, CycleTick } from './cycle-types.js';
import { runnerGitConfigPath, runnerRepoPath, sessionGitDirs, sessionsDir as sessionsDirOf, workspacesDir } from '../data-layout.js';
import { decide, type DecideInput } from './goals/decide.js';
import { execute, logPathFor, patchPathFor, type ExecuteDeps } from './session/execute.js';
import { createGit, type Git } from '../git/git.js';
import { openRunnerRepo } from '../git/runner-repo.js';
import { checkGate, type RunChecks } from './gate/gate.js';
import type { GithubPort } from '../github/types.js';
import { rateLimitOf, rateLimitReason } from '../github/rate-limit.js';
import { createPublisher } from './publish/publish.js';
import { createRedactor } from '../process/redact.js';
import { runningLabel, type RunningLabel } from './running-label.js';
import type { CycleCheck, SessionRow, Store } from '../store/index.js';
import { runVerify as defaultRunVerify } from './session/verify.js';
import { verifyAndRepair } from './session/verify-and-repair.js';
import { usageTrailerFields } from '../agents/index.js';
import { WEAKENING_KINDS, type WeakeningKind } from './tests-check/find-test-weakening.js';
import { nightSpendOf } from './gate/budget-gate.js';
import { createWorkspaces, type Workspaces } from '../git/workspace.js';
import { createContainment, type Containment } from '../sandbox/containment.js';
import type { SandboxDetection } from '../sandbox/detect-sandbox.js';
import { explainGithubError } from '../github/explain-github-error.js';
import type { CycleProgress } from './cycle-progress.js';
import { agentProblem, preflight, type Preflight } from './gate/preflight.js';
import { createMachineProblemNote } from './gate/note-machine-problem.js';
import { failingSince } from './gate/failing-since.js';
import { oneAtATime } from './one-at-a-time.js';
import { setAsideBusy } from './goals/set-aside-busy.js';
import { shareWorkspaces } from './share-workspaces.js';

export interface CycleOptions {
  config: RunnerConfig;
  github: GithubPort;
  store: Store;
  /** The runner's data dir: the runner repository, workspaces and session logs live under it. */
  dataDir: string;
  runChecks: RunChecks;
  /** The GitHub token: handed to git for fetches and pushes only, and masked in every log. Never given to the agent. */
  token?: string;
  /** The config file the runner was started with (`--config`): never readable inside the sandbox, wherever it lives. */
  configFile?: string;
  git?: Git;
  clock?: { now(): Date };
  logger?: Logger;
  /** Where the token came from ("GH_TOKEN"), named when GitHub rejects it. */
  tokenSource?: string;
  /** Told as the cycle goes: the session it started, each line of the agent's output, verification. */
  onProgress?: (event: CycleProgress) => void;
  /** The machine's readiness, when the caller already checked it (`overnight once`). */
  preflight?: () => Promise<Preflight>;
  /**
   * `clear-only`: a failed preflight is not noted on the dashboard, only an old note cleared once
   * the machine works. `overnight once` shows its problems to the person who ran it, and must fail
   * at once, not after GitHub's retries, when GitHub is out of reach too.
   */
  machineNote?: 'sync' | 'clear-only';
  /** `overnight once` switches. */
  ignoreWindow?: boolean;
  ignoreConstraints?: boolean;
  goal?: string;
  agent?: string;
  /** Test seams for the agent stage (real defaults). */
  resolveAgent?: ExecuteDeps['resolveAgent'];
  runAgent?: ExecuteDeps['runAgent'];
  runVerify?: typeof defaultRunVerify;
  /** The sandbox (default: from `config.sandbox`, detected once); tests inject a detection or all of it. */
  containment?: Containment;
  detectSandbox?: () => Promise<SandboxDetection>;
  graceMs?: number;
  randomHex?: () => string;
  /** How often a running session refreshes its claim; default `claims.ttlMinutes / 6`. */
  claimRefreshMs?: number;
}

/**
 * The work of one tick: settle earlier sessions, then
 * gate -> analyze -> decide -> execute -> verify -> publish. Every cycle is recorded, with its
 * reasons when it is skipped or idle, and the constraint checks of its gate.
 */
export function createCycle(options: CycleOptions): CycleFn {
  const { config, github, store, dataDir, token } = options;
  const git = options.git ?? createGit({ globalConfig: runnerGitConfigPath(dataDir) });
  const now = () => (options.clock ?? { now: () => new Date() }).now();
  const runVerify = options.runVerify ?? defaultRunVerify;
  const redact = createRedactor(token ? [token] : []);
  const repoPath = config.repo.path;
  const sessionsDir = sessionsDirOf(dataDir);
  const runner = config.runnerName ?? hostname();
  const containment =
    options.containment ??
    createContainment({
      config: config.sandbox,
      dataDir,
      // The config dir holds the token store's file, when the token is stored there; a config
      // given with --config may live anywhere, a system dir the sandbox shows included.
      neverRead: [dirname(platformPaths().configFile), ...(options.configFile ? [options.configFile] : [])],
      ...(options.detectSandbox ? { detect: options.detectSandbox } : {}),
    });
  // Shared by every cycle this function runs, so parallel slots take turns on the clone: one for
  // the worktrees, one for settling and publishing (two cycles must never push or open a PR for
  // the same session).
  const worktreeLock = oneAtATime();
  const publishLock = oneAtATime();
  // Lives as long as this function: the daemon's note on the dashboard is remembered across its cycles.
  const machineNote = createMachineProblemNote({ github, runner, timeZone: config.schedule.timezone, redact });

  return async (tick: CycleTick, ctx: CycleContext): Promise<CycleResult> => {
    const log = options.logger ?? ctx.logger;
    const cycle = store.startCycle({ night: tick.night, scheduledAt: tick.scheduledAt, startedAt: now(), catchUp: tick.catchUp });
    // Set once the gate ran its constraint checks: every later outcome records them.
    let checks: CycleCheck[] | undefined;
    // Goals passed over because they were claimed: recorded as the reasons of whatever follows.
    let passedOver: string[] = [];
    // Set once a goal is chosen: other goals were ready too.
    let moreWork = false;
    const done = (result: CycleResult & { reasons?: string[] }): CycleResult => {
      store.finishCycle(cycle.id, {
        outcome: result.outcome,
        reasons: result.reasons ?? passedOver,
        ...(result.detail ? { detail: result.detail } : {}),
        ...(checks ? { checks } : {}),
      });
      return { outcome: result.outcome, ...(result.detail ? { detail: result.detail } : {}), ...(session && moreWork ? { moreWork } : {}) };
    };

    let session: SessionRow | undefined;
    let workspaces: Workspaces | undefined;
    let label: RunningLabel | undefined;
    let releasePublishing: (() => void) | undefined;
    let keeper: { stop(): Promise<void> } | undefined;
    const stopKeeping = async () => {
      await keeper?.stop();
      keeper = undefined;
    };
    const claims: Claims = createClaims({ github, store, runner, ttlMinutes: config.claims.ttlMinutes, now, log });
    try {
      // A broken machine (no agent, no clone, no remote) is the runner's problem: recorded as an
      // error before any goal is chosen, never a failed attempt charged to a goal.
      const check = () =>
        preflight({ config, git, workspaceRoot: workspacesDir(dataDir), agent: options.agent, token, ...(options.resolveAgent ? { resolveAgent: options.resolveAgent } : {}) });
      const machine = await (options.preflight ?? check)();
      // The bot cannot see this machine: the runner itself says on the dashboard that it cannot work.
      if (machine.ok || options.machineNote !== 'clear-only') {
        await machineNote.sync({ problems: machine.problems, at: new Date(cycle.startedAt), failingSince: () => failingSince(store, cycle.id) }, log);
      }
      if (!machine.ok) return done({ outcome: 'error', reasons: machine.problems, detail: machine.problems.join('; ') });
      // Under the worktree lock: opening repairs and configures the repository another slot may be fetching into.
      const repo = await worktreeLock.run(() =>
        openRunnerRepo({ git, path: runnerRepoPath(dataDir), clonePath: repoPath, remote: config.repo.remote, base: config.repo.base, ...(token ? { token } : {}) }),
      );
      if (repo.repairedAtOpen.length > 0) {
        log.warn({ repo: repo.path, repaired: repo.repairedAtOpen }, "put back files of the runner's git repository that something else changed");
      }
      workspaces = shareWorkspaces(
        createWorkspaces({ git, repo, base: config.repo.base, root: workspacesDir(dataDir), gitDirs: sessionGitDirs(dataDir), spares: config.budget.maxConcurrent }),
        worktreeLock,
      );
      const publisher = createPublisher({ git, github, store, config, claims, sessionsDir, repo, now, log });

      // 0. Earlier work first: a committed session is pushed, a pushed one gets its PR. While
      //    another slot publishes, this cycle leaves settling to a later one rather than wait.
      const settled = await publishLock.runIfFree(() => publisher.settle());
      if (settled && settled.errors.length > 0) log.warn({ errors: settled.errors.map(redact) }, 'could not finish earlier sessions');

      // 1. Gate.
      const tonight = store.sessionsOfNight(tick.night);
      const gate = await checkGate({
        config,
        github,
        runChecks: options.runChecks,
        sessionsTonight: tonight.length,
        nightSpend: nightSpendOf(tonight),
        now: now(),
        ignoreWindow: options.ignoreWindow,
        ignoreConstraints: options.ignoreConstraints,
        sandbox: () => containment.status(),
      });
      const { repoConfig, agentPrs } = gate;
      checks = gate.checks;
      if (!gate.open) return done({ outcome: 'skipped', reasons: gate.reasons, detail: gate.reasons.join('; ') });

      // 2. Analyze (the trust filter) and 3. decide.
      const analysis = await analyze({ github, repoConfig, agentPrs, staticGoals: config.goals });
      // No await from here to the hold: another slot cannot take a goal in between.
      const publishing = [...store.sessionsInState('committed'), ...store.sessionsInState('pushed')].map((earlier) => earlier.goal);
      const { ready, setAside } = setAsideBusy(analysis.goals, { held: ctx.slots?.held() ?? new Set(), publishing: new Set(publishing) });
      const decideInput: DecideInput = {
        goals: ready,
        history: store.goalHistory(tick.night),
        agents: config.agents,
        setAside: [...analysis.setAside, ...setAside],
        ...(options.goal ? { goal: options.goal } : {}),
        ...(options.agent ? { agent: options.agent } : {}),
      };
      const first = decide(decideInput);
      if (first.kind === 'none') return done({ outcome: 'idle', reasons: first.reasons, detail: first.reason });
      // The decided agent (a label or a prefer rule may pick one the preflight did not check) must run here.
      const firstMissing = first.kind === 'run' ? agentProblem(first.agent, config.agents, options.resolveAgent) : undefined;
      if (firstMissing) return done({ outcome: 'error', reasons: [firstMissing], detail: firstMissing });
      const sessionId = newSessionId(now(), config.schedule.timezone, options.randomHex);
      moreWork = decide({ ...decideInput, goals: ready.filter((other) => other.key !== first.goal.key) }).kind === 'run';
      const hold = (goal: string) => !ctx.slots || ctx.slots.hold({ goal, session: sessionId, moreWork });
      if (!hold(first.goal.key)) {
        const why = `${first.goal.key} is being worked on in another slot`;
        return done({ outcome: 'skipped', reasons: [why], detail: why });
      }

      // Claim the goal so no other runner of this repo works on it too; a goal claimed elsewhere
      // falls through to the next one.
      const baseSha = await workspaces.fetchBase();
      const claimed = await claimNextGoal({ decideInput, first, git, claims, gitDir: repo.path, baseSha, sessionId, log, hold });
      passedOver = claimed.passedOver.map((passed) => passed.reason);
      if (claimed.kind === 'none') return done({ outcome: 'skipped', detail: passedOver.join('; ') });
      const { goal, agent, rationale } = claimed.decision;
      const claimRef = claimed.ref;
      const missing = agentProblem(agent, config.agents, options.resolveAgent);
      if (missing) {
        await claims.release({ id: sessionId, claimRef });
        return done({ outcome: 'error', reasons: [missing], detail: missing });
      }
      log.info({ goal: goal.key, agent, rationale, moreWork }, 'decided');

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
      keeper = keepClaim({ refresh: () => claims.refresh(sessionId), everyMs: options.claimRefreshMs ?? claims.refreshEveryMs, log: sessionLog });
      options.onProgress?.({ kind: 'session', session });
      label = runningLabel(github, goal.key, sessionLog);
      await label.set();

      // A session that ended before its commit: the label off, the claim released, the cycle done.
      const finish = async (ended: SessionRow) => {
        session = ended;
        await label!.clear();
        await stopKeeping();
        await claims.release(ended);
        sessionLog.info({ state: ended.state, error: ended.error }, `session ${ended.state}`);
        return done({ outcome: ended.state, ...(ended.error ? { detail: ended.error } : {}) });
      };
      const sessionDeps = { git, store, workspaces, config, redact, containment, sessionsDir, now, runVerify, ...seams(options) };

      // 4. Execute.
      const executed = await execute(sessionDeps, session, goal, ctx.signal);
      if (executed.kind === 'finished') return await finish(executed.session);

      // 5. Verify, and give a failure back to the agent while the session has time and budget left.
      if (config.verify.command) options.onProgress?.({ kind: 'verify', command: config.verify.command });
      const verified = await verifyAndRepair(sessionDeps, executed);
      if (verified.kind === 'finished') return await finish(verified.session);
      const { verify } = verified;
      const sandboxStatus = await containment.status();
      if (ctx.signal.aborted) throw new Error('the runner was stopped during verification');
      // Agent and verification are done. The label comes off before the push: the push leads
      // the bot to label the goal pr-open, and the goal must never show both.
      await label.clear();
      // From here the claim is the publisher's: settle keeps it fresh until the PR is open.
      await stopKeeping();

      // 6. Publish: one commit on the base, pushed as agent/<session>, then the PR.
      const message = formatCommitMessage({
        subject: goal.subject,
        body: formatCommitBody({
          summary: [verified.summary, verified.guardNote].filter(Boolean).join('\n\n'),
          rationale,
          findings: verified.findings.map((finding) => finding.detail),
          ...(verify.result === 'failed' ? { verifyOutput: verify.outputTail } : {}),
        }),
        trailers: {
          session: sessionId,
          goal: goal.ref,
          agent,
          runner,
          cycle: cycle.id,
          durationSec: Math.round(verified.durationMs / 1000),
          verify: verify.result,
          outcome: verified.outcome,
          ...usageTrailerFields(verified.usage),
          ...(verify.result !== 'skipped' ? { repairs: verified.repairs } : {}),
          ...(config.guard.tests !== 'allow' ? { warnings: warningsOf(verified.findings) } : {}),
          ...(verified.stoppedBy ? { stoppedBy: verified.stoppedBy } : {}),
          // Trailers are all the bot sees: the window rides along for the PR's session table.
          window: `${config.schedule.window.start}-${config.schedule.window.end}`,
          timezone: config.schedule.timezone,
          sandbox: sandboxStatus.mode === 'off' ? 'off' : sandboxStatus.detection.ok ? sandboxStatus.detection.tool : 'off',
        },
      });
      releasePublishing = await publishLock.acquire();
      session = await publisher.commit(verified.session, verified.staged.tree, message, {
        verify: verify.result,
        outcome: verified.outcome,
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
      const detail = redact(explainGithubError(error, { apiUrl: config.github.apiUrl, repo: config.repo.github, timeZone: config.schedule.timezone, ...(options.tokenSource ? { tokenSource: options.tokenSource } : {}) }));
      await stopKeeping();
      if (session && workspaces) await endUnfinished({ store, claims, workspaces, sessionsDir, id: session.id, error: detail, now, aborted: ctx.signal.aborted });
      await label?.clear();
      // GitHub's rate limit before any session started is a closed gate, not a failure: the
      // cycle is skipped and says when GitHub will answer again.
      const limit = session ? undefined : rateLimitOf(error, now());
      if (limit) {
        const why = rateLimitReason(limit, config.schedule.timezone);
        log.warn({ error: detail, resetAt: limit.resetAt?.toISOString() }, `cycle skipped: ${why}`);
        return done({ outcome: 'skipped', reasons: [why], detail: why });
      }
      log.error({ error: detail }, 'cycle failed');
      return done({ outcome: 'error', detail });
    } finally {
      releasePublishing?.();
    }
  };
}

/** The kinds of test weakening found, once each, in the protocol's order. */
const warningsOf = (findings: readonly { kind: WeakeningKind }[]) => WEAKENING_KINDS.filter((kind) => findings.some((finding) => finding.kind === kind));

function seams(options: CycleOptions): Partial<ExecuteDeps> {
  return {
    ...(options.resolveAgent ? { resolveAgent: options.resolveAgent } : {}),
    ...(options.runAgent ? { runAgent: options.runAgent } : {}),
    ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
    ...(options.onProgress ? { onOutput: (line: string) => options.onProgress!({ kind: 'output', line }) } : {}),
  };
}

/**
 * A session an unexpected error (or a stop) interrupted before its commit ends failed (abandoned
 * when stopped), its work saved as a patch, its workspace and claim released. A committed session
 * is left as it is: the next cycle pushes it.
 */
async function endUnfinished(input: {
  store: Store;
  claims: Claims;
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
  await input.claims.release(current);
}
