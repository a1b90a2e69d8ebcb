import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { RepoConfig, RunnerConfig } from '../../../config/index.js';
import { AGENT_BRANCH_PREFIX, parseCommitMessage, prTitleFor, renderPrBody, splitCommitBody } from '../../../protocol/index.js';
import { gitValue, type Git } from '../../git/git.js';
import { FALLBACK_IDENTITY } from '../../git/runner-git-config.js';
import type { RunnerRepo } from '../../git/runner-repo.js';
import type { GithubPort } from '../../github/types.js';
import type { SessionRow, Store } from '../../store/index.js';
import type { Claims } from '../claims/claims.js';
import { classifyPushFailure, type PushFailure } from './classify-push-failure.js';
import { giveUpPush } from './give-up-push.js';

export interface PublishDeps {
  git: Git;
  github: GithubPort;
  store: Store;
  config: Pick<RunnerConfig, 'repo' | 'pr' | 'schedule' | 'publish' | 'runnerName'>;
  /** Claims are released through it (claims.ts), and settled with the sessions. */
  claims: Claims;
  /** Where an unpushed session's work is saved as `<id>.patch`. */
  sessionsDir: string;
  /** The runner's own repository: the sessions' commits are made there and pushed from there. */
  repo: Pick<RunnerRepo, 'path' | 'pushUrl' | 'pushCredential'>;
  now: () => Date;
  /** Where a PR extra that could not be added (labels, reviewers) and a push that gave up are reported. */
  log?: Pick<Logger, 'warn'>;
}

/** The session a push gave up on: it is `failed` now, with its work saved and the goal told. */
export class PushGaveUpError extends Error {
  constructor(readonly session: SessionRow) {
    super(session.error ?? 'push gave up');
    this.name = 'PushGaveUpError';
  }
}

/** Minutes before the next push after `attempts` failed ones: `base`, doubled each time, at most an hour. */
export const pushBackoffMinutes = (base: number, attempts: number) => Math.min(60, base * 2 ** Math.max(0, attempts - 1));

/** Keeps a session's commit reachable (and out of `git branch`) until it is pushed. */
export const sessionRef = (sessionId: string) => `refs/overnight/sessions/${sessionId}`;

/**
 * Commit, push, PR. Each step moves the session one state forward, so a crash or a failed push
 * leaves it where the next cycle's `settle` picks it up: work is never lost.
 */
export function createPublisher({ git, github, store, config, claims, sessionsDir, repo, now, log }: PublishDeps) {
  const inRepo = { gitDir: repo.path };

  /** The session's one commit: `tree` on top of its base, with the protocol message. `running -> committed`. */
  async function commit(session: SessionRow, tree: string, message: string, patch: Parameters<Store['moveSession']>[2] = {}) {
    const dir = await mkdtemp(join(tmpdir(), 'overnight-msg-'));
    try {
      const file = join(dir, 'message');
      await writeFile(file, message);
      // commit-tree runs no hooks, and never signs: no program but git runs.
      const sha = await gitValue(git, ['commit-tree', '--no-gpg-sign', tree, '-p', session.baseSha!, '-F', file], {
        ...inRepo,
        env: await identityEnv(),
      });
      await git(['update-ref', sessionRef(session.id), sha], inRepo);
      return store.moveSession(session.id, 'committed', { ...patch, commitSha: sha });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Pushes `<commit>:refs/heads/agent/...` and nothing else. `committed -> pushed`; on failure it stays committed. */
  async function push(session: SessionRow): Promise<SessionRow> {
    if (!session.branch.startsWith(AGENT_BRANCH_PREFIX)) throw new Error(`refusing to push ${session.branch}: only ${AGENT_BRANCH_PREFIX}* branches`);
    const target = `refs/heads/${session.branch}`;
    // A revision replaces its own PR branch, and only if nobody moved it since we fetched it.
    const lease = session.revisionOf !== undefined ? [`--force-with-lease=${target}:${session.startSha ?? ''}`] : [];
    // To the URL read from the clone, not a remote name: no config names where the runner pushes.
    const result = await git(['push', '--no-verify', '--porcelain', ...lease, repo.pushUrl, `${session.commitSha}:${target}`], {
      ...inRepo,
      ...(repo.pushCredential ? { credential: repo.pushCredential } : {}),
      allowFailure: true,
    });
    if (result.exitCode !== 0) return failedPush(session.id, classifyPushFailure(`${result.stderr}\n${result.stdout}`));
    // An error left by an earlier failed push is cleared.
    return store.moveSession(session.id, 'pushed', { pushedAt: now().toISOString(), error: null, nextPushAt: null });
  }

  /**
   * A failed push: retried by a later cycle after a backoff while the failure may pass, given up
   * at once when GitHub will refuse it again, or after `publish.maxPushAttempts`. Always throws.
   */
  async function failedPush(id: string, failure: PushFailure): Promise<never> {
    const attempts = store.getSession(id)!.pushAttempts + 1;
    const { maxPushAttempts, retryBackoffMinutes } = config.publish;
    if (!failure.permanent && attempts < maxPushAttempts) {
      const waitMs = pushBackoffMinutes(retryBackoffMinutes, attempts) * 60_000;
      const why = `push failed (attempt ${attempts} of ${maxPushAttempts}, retried by a cycle after ${new Date(now().getTime() + waitMs).toISOString()}): ${failure.reason}`;
      store.updateSession(id, { error: why, pushAttempts: attempts, nextPushAt: new Date(now().getTime() + waitMs).toISOString() });
      throw new Error(why);
    }
    const why = failure.permanent
      ? `push refused by GitHub, not retried: ${failure.reason}`
      : `push failed ${attempts} times, giving up: ${failure.reason}`;
    store.updateSession(id, { pushAttempts: attempts });
    const deps = { git, github, store, claims, sessionsDir, gitDir: repo.path, now, runner: config.runnerName ?? hostname(), ...(log ? { log } : {}) };
    throw new PushGaveUpError(await giveUpPush(deps, { session: store.getSession(id)!, why, hint: failure.hint, commitRef: sessionRef(id) }));
  }

  /**
   * `pushed -> pr-open` once a PR exists: the bot's (found by head), or the runner's own when
   * `pr.openedBy` is "runner" or the bot has not opened one `fallbackAfterMinutes` after the push.
   * `repoConfig` is the one the cycle's gate read; without it, it is read when a PR is opened.
   */
  async function ensurePr(session: SessionRow, repoConfig?: RepoConfig): Promise<SessionRow> {
    if (session.revisionOf !== undefined) return opened(session, session.revisionOf);
    const existing = await github.findPrByHead(session.branch);
    if (existing) return opened(session, existing.number);
    const waited = now().getTime() - Date.parse(session.pushedAt ?? session.updatedAt);
    if (config.pr.openedBy === 'bot' && waited < config.pr.fallbackAfterMinutes * 60_000) return session;
    const repoPr = (repoConfig ?? (await github.repoConfig())).pr;
    const prNumber = await github.openPr(await prFor(session, repoPr));
    await addExtras(prNumber, repoPr);
    return opened(session, prNumber);
  }

  /**
   * The repo config's labels and reviewers. The PR exists by now, so a failure only warns: thrown,
   * it would leave the session `pushed`, and the next cycle would find the PR and skip the extras
   * anyway. `overnight` and `agent:<name>` are left to the bot: a PR with the metadata but without
   * the `overnight` label is one it adopts and completes (labels, goal issue link, `overnight:pr-open`).
   */
  async function addExtras(prNumber: number, repoPr: RepoConfig['pr']): Promise<void> {
    const warn = (what: string, error: unknown) =>
      log?.warn({ pr: prNumber, error: (error as Error).message }, `could not ${what} on PR #${prNumber}; check pr in .github/overnight.yml`);
    if (repoPr.labels.length > 0) await github.addLabels(prNumber, repoPr.labels).catch((error: unknown) => warn('add labels', error));
    if (repoPr.reviewers.length > 0 || repoPr.teamReviewers.length > 0) {
      await github
        .requestReviewers(prNumber, { users: repoPr.reviewers, teams: repoPr.teamReviewers })
        .catch((error: unknown) => warn('request reviewers', error));
    }
  }

  async function opened(session: SessionRow, prNumber: number): Promise<SessionRow> {
    const open = store.moveSession(session.id, 'pr-open', { prNumber, finishedAt: now().toISOString() });
    // The branch now lives on the remote and in a PR; the local keep-alive ref and the claim can go.
    await git(['update-ref', '-d', sessionRef(session.id)], { ...inRepo, allowFailure: true });
    // The goal now has an open PR, which keeps other runners off it anyway; a release that fails
    // is retried by the next settle.
    await claims.release(session);
    return open;
  }

  /** The PR the bot would open, rendered from the commit alone (so a later cycle can do it too). */
  async function prFor(session: SessionRow, repoPr: RepoConfig['pr']) {
    const message = (await git(['log', '-1', '--format=%B', session.commitSha!], inRepo)).stdout;
    const parsed = parseCommitMessage(message);
    if (!parsed) throw new Error(`commit ${session.commitSha} of session ${session.id} has no overnight trailers`);
    const { summary, rationale, ...notes } = splitCommitBody(parsed.body);
    const diffstat = (await git(['diff', '--stat', '--no-ext-diff', '--no-textconv', session.baseSha!, session.commitSha!], inRepo)).stdout;
    const { trailers } = parsed;
    const body = renderPrBody({
      metadata: {
        // The commit's Overnight-Window wins; the config stands in for a commit made without one.
        window: `${config.schedule.window.start}-${config.schedule.window.end}`,
        timezone: config.schedule.timezone,
        ...trailers,
        recurring: session.recurring,
      },
      goalTitle: session.goalTitle,
      rationale,
      summary,
      // The test findings and the last failing verify output, when the runner wrote them.
      ...notes,
      diffstat,
    });
    const draft = config.pr.draft || repoPr.draft || trailers.outcome === 'timeout' || trailers.verify === 'failed' || (trailers.warnings ?? []).length > 0;
    // The session was built on repo.base; pr.base, when the repository sets one, is where the bot would target it too.
    return { head: session.branch, base: repoPr.base ?? config.repo.base, title: prTitleFor(parsed.subject), body, draft };
  }

  /** The identity in the runner's global git config (copied from the developer's), else a neutral one (commit-tree needs some). */
  let identity: Promise<Record<string, string>> | undefined;
  function identityEnv(): Promise<Record<string, string>> {
    identity ??= git(['config', 'user.email'], { ...inRepo, allowFailure: true }).then((configured): Record<string, string> => {
      if (configured.exitCode === 0 && configured.stdout.trim() !== '') return {};
      const { name, email } = FALLBACK_IDENTITY;
      return { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email };
    });
    return identity!;
  }

  return {
    commit,
    push,
    ensurePr,

    /**
     * Finishes earlier sessions first: pushes what is committed and due (a push that failed waits
     * out its backoff; one that gave up fails the session), records or opens the PRs of pushed
     * branches, then settles the claims: released for every session that ended, kept fresh for
     * those still publishing.
     */
    async settle(): Promise<{ pushed: string[]; prs: string[]; gaveUp: string[]; releasedClaims: string[]; errors: string[] }> {
      const outcome = { pushed: [] as string[], prs: [] as string[], gaveUp: [] as string[], releasedClaims: [] as string[], errors: [] as string[] };
      for (const session of store.sessionsInState('committed')) {
        if (session.nextPushAt && Date.parse(session.nextPushAt) > now().getTime()) continue;
        try {
          await push(session);
          outcome.pushed.push(session.id);
        } catch (error) {
          if (error instanceof PushGaveUpError) outcome.gaveUp.push(session.id);
          outcome.errors.push(`${session.id}: ${(error as Error).message}`);
        }
      }
      for (const session of store.sessionsInState('pushed')) {
        try {
          if ((await ensurePr(session)).state === 'pr-open') outcome.prs.push(session.id);
        } catch (error) {
          outcome.errors.push(`${session.id}: ${(error as Error).message}`);
        }
      }
      const settled = await claims.settle();
      outcome.releasedClaims.push(...settled.released);
      outcome.errors.push(...settled.errors);
      return outcome;
    },
  };
}

export type Publisher = ReturnType<typeof createPublisher>;
