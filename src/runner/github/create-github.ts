import type { Logger } from 'pino';
import { hasLabel, LABELS } from '../../protocol/index.js';
import { PERMISSION_LEVELS, type PermissionLevel, formatProblems, parseRepoConfig, REPO_CONFIG_PATH, type RepoConfig } from '../../config/index.js';
import { octokitWithLimits, type GithubLimits } from './octokit-with-limits.js';
import type { CommentInfo, DashboardIssue, GithubPort, LabelEvent } from './types.js';

export interface CreateGithubOptions extends GithubLimits {
  apiUrl: string;
  token: string;
  /** "owner/name". */
  repo: string;
  userAgent?: string;
  /** Where retries, rate-limit waits and give-ups are logged. */
  log?: Pick<Logger, 'warn'>;
}

// Octokit's RequestError carries the HTTP status; checked structurally to avoid a transitive import.
const isStatus = (error: unknown, status: number) =>
  typeof error === 'object' && error !== null && (error as { status?: unknown }).status === status;
const saying = (error: unknown, pattern: RegExp) => pattern.test(String((error as { message?: unknown }).message ?? ''));
/** `refs/heads/x` as the git refs API spells it in its paths: `heads/x`. */
const refPath = (ref: string) => ref.replace(/^refs\//, '');

type User = { login: string; type?: string } | null | undefined;
const login = (user: User) => user?.login ?? 'ghost';
const isBot = (user: User) => user?.type === 'Bot';

function toComment(comment: { id: number; user?: User; body?: string | null; created_at: string }): CommentInfo {
  return {
    id: comment.id,
    author: login(comment.user),
    authorIsBot: isBot(comment.user),
    body: comment.body ?? '',
    createdAt: comment.created_at,
  };
}

const labelNames = (labels: readonly (string | { name?: string | null })[]) =>
  labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter((name) => name !== '');

/**
 * The runner's GitHub client: Octokit REST at `github.apiUrl`, paginated where lists can be long,
 * with retries and GitHub's rate limits honoured (octokit-with-limits.ts).
 */
export function createGithub({ apiUrl, token, repo, userAgent = 'overnight-runner', log, ...limits }: CreateGithubOptions): GithubPort {
  const [owner = '', name = ''] = repo.split('/');
  const base = { owner, repo: name };
  const octokit = octokitWithLimits({ apiUrl, token, userAgent, ...(log ? { log } : {}), ...limits });

  // One search serves both the pause and the dashboard's number; oldest first, as the bot picks it.
  const findDashboard = async (): Promise<DashboardIssue | undefined> => {
    const { data } = await octokit.rest.issues.listForRepo({
      ...base,
      state: 'open',
      labels: LABELS.dashboard.name,
      sort: 'created',
      direction: 'asc',
      per_page: 10,
    });
    const dashboards = data.filter((issue) => !issue.pull_request);
    const [oldest] = dashboards;
    if (!oldest) return undefined;
    return { number: oldest.number, paused: dashboards.some((issue) => hasLabel(labelNames(issue.labels), LABELS.paused.name)) };
  };

  return {
    async listGoalIssues(label) {
      const issues = await octokit.paginate(octokit.rest.issues.listForRepo, { ...base, state: 'open', labels: label, per_page: 100 });
      return issues
        .filter((issue) => !issue.pull_request)
        .map((issue) => ({
          number: issue.number,
          title: issue.title,
          body: issue.body ?? '',
          labels: labelNames(issue.labels),
          author: login(issue.user),
          authorIsBot: isBot(issue.user),
          createdAt: issue.created_at,
        }));
    },

    async listComments(issueNumber) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...base, issue_number: issueNumber, per_page: 100 });
      return comments.map(toComment);
    },

    async listReviewComments(prNumber) {
      const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...base, pull_number: prNumber, per_page: 100 });
      return comments.map(toComment);
    },

    async listAgentPrs() {
      const pulls = await octokit.paginate(octokit.rest.pulls.list, { ...base, state: 'open', per_page: 100 });
      return pulls
        .filter((pull) => pull.head.ref.startsWith('agent/') && pull.head.repo?.full_name.toLowerCase() === repo.toLowerCase())
        .map((pull) => ({
          number: pull.number,
          title: pull.title,
          body: pull.body ?? '',
          headRef: pull.head.ref,
          headSha: pull.head.sha,
          draft: pull.draft ?? false,
          labels: labelNames(pull.labels),
          createdAt: pull.created_at,
        }));
    },

    async labelEvents(issueNumber) {
      const events = await octokit.paginate(octokit.rest.issues.listEvents, { ...base, issue_number: issueNumber, per_page: 100 });
      return events.flatMap((event): LabelEvent[] => {
        const { label } = event as { label?: { name?: string } };
        if ((event.event !== 'labeled' && event.event !== 'unlabeled') || !label?.name) return [];
        return [{ kind: event.event, label: label.name, actor: login(event.actor), actorIsBot: isBot(event.actor), createdAt: event.created_at }];
      });
    },

    async findPrByHead(branch) {
      const { data } = await octokit.rest.pulls.list({ ...base, state: 'all', head: `${owner}:${branch}`, per_page: 1 });
      const pull = data[0];
      return pull && { number: pull.number, state: pull.state };
    },

    async permissionOf(user) {
      try {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...base, username: user });
        // `role_name` knows triage and maintain; `permission` folds them into read and write.
        const role = (data.role_name ?? data.permission) as PermissionLevel;
        return PERMISSION_LEVELS.includes(role) ? role : (data.permission as PermissionLevel);
      } catch (error) {
        if (isStatus(error, 404)) return 'none';
        throw error;
      }
    },

    async isPaused() {
      return (await findDashboard())?.paused ?? false;
    },

    findDashboard,

    async repoConfig() {
      try {
        const { data } = await octokit.rest.repos.getContent({ ...base, path: REPO_CONFIG_PATH });
        if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
          throw new Error(`${REPO_CONFIG_PATH} is not a file`);
        }
        return repoConfigFrom(Buffer.from(data.content, 'base64').toString('utf8'));
      } catch (error) {
        if (isStatus(error, 404)) return repoConfigFrom('');
        throw error;
      }
    },

    async branchPushedAt(branch, prNumber) {
      try {
        // The activity API records every push, force push and branch creation with GitHub's time.
        const { data } = await octokit.rest.repos.listActivities({ ...base, ref: `refs/heads/${branch}`, direction: 'desc', per_page: 1 });
        if (data[0]) return data[0].timestamp;
      } catch (error) {
        if (!isStatus(error, 404) && !isStatus(error, 422)) throw error;
      }
      // A server without the activity API (older GitHub Enterprise): the PR timeline's force
      // pushes, which every revision is (one commit on the base replaces the last one).
      const events = await octokit.paginate(octokit.rest.issues.listEventsForTimeline, { ...base, issue_number: prNumber, per_page: 100 });
      const pushes = events.flatMap((event) =>
        event.event === 'head_ref_force_pushed' && 'created_at' in event && typeof event.created_at === 'string' ? [event.created_at] : [],
      );
      return pushes.sort().at(-1);
    },

    async createCommit({ treeSha, parents, message }) {
      const { data } = await octokit.rest.git.createCommit({ ...base, message, tree: treeSha, parents });
      return data.sha;
    },

    async createRef(ref, sha) {
      try {
        await octokit.rest.git.createRef({ ...base, ref, sha });
        return true;
      } catch (error) {
        if (isStatus(error, 422) && saying(error, /already exists/i)) return false;
        throw error;
      }
    },

    async refSha(ref) {
      try {
        const { data } = await octokit.rest.git.getRef({ ...base, ref: refPath(ref) });
        return data.object.sha;
      } catch (error) {
        if (isStatus(error, 404)) return undefined;
        throw error;
      }
    },

    async readCommit(sha) {
      const { data, headers } = await octokit.rest.git.getCommit({ ...base, commit_sha: sha });
      const answeredAt = headers.date ? new Date(headers.date) : undefined;
      return {
        sha: data.sha,
        message: data.message,
        parents: data.parents.map((parent) => parent.sha),
        committedAt: data.committer.date,
        ...(answeredAt && !Number.isNaN(answeredAt.getTime()) ? { answeredAt: answeredAt.toISOString() } : {}),
      };
    },

    async advanceRef(ref, sha) {
      try {
        await octokit.rest.git.updateRef({ ...base, ref: refPath(ref), sha, force: false });
        return 'moved';
      } catch (error) {
        if (isStatus(error, 404) || (isStatus(error, 422) && saying(error, /does not exist/i))) return 'gone';
        // "Update is not a fast forward": the ref moved since the caller read it.
        if (isStatus(error, 422)) return 'conflict';
        throw error;
      }
    },

    async release(ref) {
      try {
        await octokit.rest.git.deleteRef({ ...base, ref: refPath(ref) });
      } catch (error) {
        if (!isStatus(error, 422) && !isStatus(error, 404)) throw error;
      }
    },

    async addComment(issueNumber, body) {
      const { data } = await octokit.rest.issues.createComment({ ...base, issue_number: issueNumber, body });
      return data.id;
    },

    async updateComment(commentId, body) {
      try {
        await octokit.rest.issues.updateComment({ ...base, comment_id: commentId, body });
        return true;
      } catch (error) {
        if (isStatus(error, 403) || isStatus(error, 404)) return false;
        throw error;
      }
    },

    async deleteComment(commentId) {
      try {
        await octokit.rest.issues.deleteComment({ ...base, comment_id: commentId });
        return true;
      } catch (error) {
        if (isStatus(error, 404)) return true;
        if (isStatus(error, 403)) return false;
        throw error;
      }
    },

    async openPr({ head, base: baseBranch, title, body, draft }) {
      const { data } = await octokit.rest.pulls.create({ ...base, head, base: baseBranch, title, body, draft });
      return data.number;
    },

    async requestReviewers(prNumber, { users, teams }) {
      await octokit.rest.pulls.requestReviewers({ ...base, pull_number: prNumber, reviewers: users, team_reviewers: teams });
    },

    async addLabels(issueNumber, labels) {
      await octokit.rest.issues.addLabels({ ...base, issue_number: issueNumber, labels });
    },

    async removeLabel(issueNumber, label) {
      try {
        await octokit.rest.issues.removeLabel({ ...base, issue_number: issueNumber, name: label });
      } catch (error) {
        // "Label does not exist": the state we want already holds.
        if (!isStatus(error, 404)) throw error;
      }
    },
  };
}

function repoConfigFrom(text: string): RepoConfig {
  const parsed = parseRepoConfig(text);
  if (!parsed.ok) throw new Error(formatProblems(parsed.problems, REPO_CONFIG_PATH));
  return parsed.config;
}
