import { mkdir, writeFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { parseGoalRef } from '../../../protocol/index.js';
import type { Git } from '../../git/git.js';
import type { GithubPort } from '../../github/types.js';
import type { SessionRow, Store } from '../../store/index.js';
import type { Claims } from '../claims/claims.js';
import { patchPathFor } from '../session/execute.js';
import { pushGaveUpComment } from './push-gave-up-comment.js';

export interface GiveUpDeps {
  git: Git;
  github: GithubPort;
  store: Store;
  claims: Claims;
  sessionsDir: string;
  /** The runner's repository, where the session's commit is. */
  gitDir: string;
  now: () => Date;
  /** This runner's name: the comment says which machine holds the patch. */
  runner: string;
  log?: Pick<Logger, 'warn'>;
}

export interface GiveUp {
  session: SessionRow;
  why: string;
  /** What to change before the work can be pushed (a refusal GitHub will repeat). */
  hint?: string | undefined;
  /** The runner's own ref keeping the commit reachable: dropped once the patch holds the work. */
  commitRef: string;
}

/**
 * Ends a committed session whose push will not happen: its work saved as a patch, the session
 * `failed` with the reason, its claim released, and its goal (or the PR a revision was for) told
 * what happened and how to bring the work back.
 */
export async function giveUpPush(deps: GiveUpDeps, { session, why, hint, commitRef }: GiveUp): Promise<SessionRow> {
  const { git, github, store, claims, sessionsDir, gitDir, now, runner, log } = deps;
  const patchPath = patchPathFor(sessionsDir, session.id);
  const saved = await savePatch(git, gitDir, session, sessionsDir, patchPath);
  const failed = store.moveSession(session.id, 'failed', { error: why, finishedAt: now().toISOString(), nextPushAt: null }, why);
  if (saved) await git(['update-ref', '-d', commitRef], { gitDir, allowFailure: true });
  await claims.release(session);
  log?.warn({ session: session.id, error: why, patch: saved ? patchPath : undefined }, `session ${session.id} failed: ${why}`);
  const issue = session.revisionOf ?? goalIssueOf(session.goal);
  if (issue === undefined) return failed;
  const body = pushGaveUpComment({
    sessionId: session.id,
    reason: why,
    ...(hint ? { hint } : {}),
    ...(saved ? { patchPath } : { commitRef }),
    runner,
    baseSha: session.baseSha!,
  });
  // The session is failed and reported either way; the comment is how the goal hears of it.
  await github.addComment(issue, body).catch((error: Error) =>
    log?.warn({ session: session.id, issue, error: error.message }, `could not comment on #${issue} that session ${session.id} failed`),
  );
  return failed;
}

/** The session's one commit as a binary patch on its base, for `git apply`. */
async function savePatch(git: Git, gitDir: string, session: SessionRow, dir: string, file: string): Promise<boolean> {
  if (!session.baseSha || !session.commitSha) return false;
  const diff = await git(['diff', '--binary', '--no-ext-diff', '--no-textconv', session.baseSha, session.commitSha], { gitDir, allowFailure: true });
  if (diff.exitCode !== 0) return false;
  await mkdir(dir, { recursive: true });
  await writeFile(file, diff.stdout);
  return true;
}

/** The goal issue of a goal key (`#12`); static config goals have none. */
function goalIssueOf(goal: string): number | undefined {
  const ref = parseGoalRef(goal);
  return ref?.kind === 'issue' ? ref.number : undefined;
}
