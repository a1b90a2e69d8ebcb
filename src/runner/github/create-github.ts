import { Octokit } from '@octokit/rest';
import { LABELS } from '../../protocol/index.js';
import { PERMISSION_LEVELS, type PermissionLevel } from '../../config/index.js';
import { formatProblems } from '../../config/index.js';
import { parseRepoConfig, REPO_CONFIG_PATH } from '../../config/index.js';
import type { RepoConfig } from '../../config/index.js';
import type { CommentInfo, GithubPort, LabelEvent } from './types.js';

export interface CreateGithubOptions {
  apiUrl: string;
  token: string;
  /** "owner/name". */
  repo: string;
  userAgent?: string;
}

// Octokit's RequestError carries the HTTP status; checked structurally to avoid a transitive import.
const isStatus = (error: unknown, status: number) =>
  typeof error === 'object' && error !== null && (error as { status?: unknown }).status === status;

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

/** The runner's GitHub client: Octokit REST at `github.apiUrl`, paginated where lists can be long. */
export function createGithub({ apiUrl, token, repo, userAgent = 'overnight-runner' }: CreateGithubOptions): GithubPort {
  const [owner = '', name = ''] = repo.split('/');
  const base = { owner, repo: name };
  const octokit = new Octokit({
    auth: token,
    baseUrl: apiUrl.replace(/\/+$/, ''),
    userAgent,
    // Octokit logs request failures to the console by default; the runner reports errors itself.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });

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
      const { data } = await octokit.rest.issues.listForRepo({
        ...base,
        state: 'open',
        labels: `${LABELS.dashboard.name},${LABELS.paused.name}`,
        per_page: 1,
      });
      return data.length > 0;
    },

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

    async commitDate(sha) {
      const { data } = await octokit.rest.git.getCommit({ ...base, commit_sha: sha });
      return data.committer.date;
    },

    async claim(ref, { treeSha, parentSha, message }) {
      const { data: commit } = await octokit.rest.git.createCommit({ ...base, message, tree: treeSha, parents: [parentSha] });
      try {
        await octokit.rest.git.createRef({ ...base, ref, sha: commit.sha });
        return true;
      } catch (error) {
        // "Reference already exists": another runner created it first.
        if (isStatus(error, 422)) return false;
        throw error;
      }
    },

    async release(ref) {
      try {
        await octokit.rest.git.deleteRef({ ...base, ref: ref.replace(/^refs\//, '') });
      } catch (error) {
        if (!isStatus(error, 422) && !isStatus(error, 404)) throw error;
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
