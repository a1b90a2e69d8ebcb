import { uptime } from 'node:os';
import type { Logger } from 'pino';
import type { Claims } from './claims/claims.js';
import type { GithubPort } from '../github/types.js';
import { killProcessGroup as defaultKill, processGroupAlive as defaultAlive } from '../process/run-agent.js';
import { patchPathFor } from './session/execute.js';
import { findGroupsIn as defaultFindGroupsIn } from '../process/find-groups-in.js';
import type { Publisher } from './publish/publish.js';
import { clearRunningLabel } from './running-label.js';
import type { SessionRow, Store } from '../store/index.js';
import type { Workspaces } from '../git/workspace.js';

export interface RecoverDeps {
  store: Store;
  github: GithubPort;
  workspaces: Workspaces;
  publisher: Publisher;
  /** The publisher's claims (its settle releases what is left). */
  claims: Claims;
  sessionsDir: string;
  now: () => Date;
  logger?: Pick<Logger, 'info' | 'warn'>;
  processGroupAlive?: (pgid: number) => Promise<boolean>;
  /** Process groups of processes working inside a directory (see find-groups-in.ts). */
  findGroupsIn?: (dir: string) => Promise<number[]>;
  killProcessGroup?: (pgid: number, options: { graceMs: number }) => Promise<boolean>;
  graceMs?: number;
  /** When this machine booted: a pid recorded before it names some other process now. */
  bootedAt?: Date;
}

export interface Recovery {
  abandoned: string[];
  /** Abandoned sessions whose agent group could not be confirmed gone. */
  survivors: string[];
  pushed: string[];
  /** Committed sessions whose push gave up: failed, work saved as a patch, goal told. */
  gaveUp: string[];
  /** Claim refs of ended sessions GitHub confirmed gone. */
  releasedClaims: string[];
  errors: string[];
}

/**
 * Start-up recovery: a session left `queued` or `running` by a crash is abandoned —
 * its agent's process group stopped and confirmed gone, its partial work saved as a patch, its
 * workspace and the runner's git dir for it removed, its claim and its goal's `overnight:running`
 * released; then committed sessions are pushed from the runner repository, and every claim of an
 * ended session released (publish.ts `settle`).
 */
export async function recover({
  store,
  github,
  workspaces,
  publisher,
  claims,
  sessionsDir,
  now,
  logger,
  processGroupAlive = (pgid) => defaultAlive(pgid),
  killProcessGroup = (pgid, options) => defaultKill(pgid, options),
  findGroupsIn = (dir) => defaultFindGroupsIn(dir),
  graceMs = 5_000,
  bootedAt = new Date(Date.now() - uptime() * 1000),
}: RecoverDeps): Promise<Recovery> {
  const recovery: Recovery = { abandoned: [], survivors: [], pushed: [], gaveUp: [], releasedClaims: [], errors: [] };
  for (const session of store.sessionsInState('queued', 'running')) {
    const gone = await stopAgent(session);
    if (!gone) recovery.survivors.push(session.id);
    if (session.baseSha) await workspaces.snapshot(session.id, session.baseSha, patchPathFor(sessionsDir, session.id)).catch(() => false);
    await workspaces.remove(session.id);
    const why = `the runner stopped during the session; recovered at start${gone ? '' : ', but its agent survived SIGKILL'}`;
    store.moveSession(session.id, 'abandoned', { error: why, finishedAt: now().toISOString() }, why);
    if (await claims.release(session)) {
      if (session.claimRef) recovery.releasedClaims.push(session.claimRef);
    } else recovery.errors.push(`${session.id}: its claim could not be released; the next cycle retries`);
    await clearRunningLabel(github, session.goal, logger);
    recovery.abandoned.push(session.id);
    logger?.warn({ session: session.id, agentPid: session.agentPid }, 'abandoned a session left running');
  }
  const settled = await publisher.settle();
  recovery.pushed.push(...settled.pushed);
  recovery.gaveUp.push(...settled.gaveUp);
  recovery.releasedClaims.push(...settled.releasedClaims);
  recovery.errors.push(...settled.errors);
  return recovery;

  /** Stops the session's agent: its recorded group, and any group still working in its workspace. */
  async function stopAgent(session: SessionRow): Promise<boolean> {
    const groups = new Set<number>(session.worktree ? await findGroupsIn(session.worktree) : []);
    // A pid from before the last boot names nothing of ours any more: never signal it.
    const recordedThisBoot = session.startedAt !== undefined && Date.parse(session.startedAt) >= bootedAt.getTime();
    if (session.agentPid !== undefined && recordedThisBoot) groups.add(session.agentPid);
    let gone = true;
    groups.delete(process.pid);
    for (const pgid of groups) {
      if (await processGroupAlive(pgid)) gone = (await killProcessGroup(pgid, { graceMs })) && gone;
    }
    return gone;
  }
}
