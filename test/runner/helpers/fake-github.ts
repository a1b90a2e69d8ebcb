import { type PermissionLevel, repoConfigSchema } from '../../../src/config/repo-config.js';
import type { AgentPr, CommentInfo, GitCommit, GithubPort, IssueInfo, LabelEvent } from '../../../src/runner/github/types.js';

export interface FakeGithubData {
  issues?: IssueInfo[];
  comments?: Record<number, CommentInfo[]>;
  reviewComments?: Record<number, CommentInfo[]>;
  agentPrs?: AgentPr[];
  permissions?: Record<string, PermissionLevel>;
  /** When GitHub recorded the last push, by branch; absent: no record. */
  pushes?: Record<string, string>;
  paused?: boolean;
  labelEvents?: Record<number, LabelEvent[]>;
  /** GitHub's clock: the date of commits made through the API, and of its answers. */
  clock?: () => Date;
}

/**
 * GitHub's git database as far as claims use it: commits dated by GitHub's clock, refs created
 * without force, moved only as fast-forwards, deleted.
 */
export interface FakeGitData {
  refs: Map<string, string>;
  commits: Map<string, GitCommit>;
  /** Comments posted, in order. */
  posted: { issue: number; body: string }[];
}

/** An in-memory GithubPort for stage tests; the real client is tested against nock. */
export function fakeGithub(data: FakeGithubData = {}): GithubPort & { permissionLookups: string[]; git: FakeGitData } {
  const permissionLookups: string[] = [];
  const clock = data.clock ?? (() => new Date('2026-11-28T02:00:00Z'));
  const git: FakeGitData = { refs: new Map(), commits: new Map(), posted: [] };
  let next = 0;
  const descends = (sha: string, ancestor: string): boolean => {
    if (sha === ancestor) return true;
    return (git.commits.get(sha)?.parents ?? []).some((parent) => descends(parent, ancestor));
  };
  return {
    permissionLookups,
    git,
    listGoalIssues: async () => data.issues ?? [],
    listComments: async (n) => data.comments?.[n] ?? [],
    listReviewComments: async (n) => data.reviewComments?.[n] ?? [],
    listAgentPrs: async () => data.agentPrs ?? [],
    findPrByHead: async () => undefined,
    labelEvents: async (n) => data.labelEvents?.[n] ?? [],
    permissionOf: async (user) => {
      permissionLookups.push(user);
      return data.permissions?.[user] ?? 'none';
    },
    isPaused: async () => data.paused ?? false,
    findDashboard: async () => undefined,
    repoConfig: async () => repoConfigSchema.parse({}),
    branchPushedAt: async (branch) => data.pushes?.[branch],
    createCommit: async ({ parents, message }) => {
      next += 1;
      const sha = next.toString(16).padStart(40, 'c');
      git.commits.set(sha, { sha, message, parents, committedAt: clock().toISOString() });
      return sha;
    },
    createRef: async (ref, sha) => {
      if (git.refs.has(ref)) return false;
      git.refs.set(ref, sha);
      return true;
    },
    refSha: async (ref) => git.refs.get(ref),
    readCommit: async (sha) => {
      const commit = git.commits.get(sha);
      if (!commit) throw Object.assign(new Error('Not Found'), { status: 404 });
      return { ...commit, answeredAt: clock().toISOString() };
    },
    advanceRef: async (ref, sha) => {
      const current = git.refs.get(ref);
      if (current === undefined) return 'gone';
      if (!descends(sha, current)) return 'conflict';
      git.refs.set(ref, sha);
      return 'moved';
    },
    release: async (ref) => void git.refs.delete(ref),
    addComment: async (issue, body) => git.posted.push({ issue, body }),
    updateComment: async () => false,
    deleteComment: async () => true,
    openPr: async () => 1,
    requestReviewers: async () => undefined,
    addLabels: async () => undefined,
    removeLabel: async () => undefined,
  };
}

export const issueInfo = (number: number, extra: Partial<IssueInfo> = {}): IssueInfo => ({
  number,
  title: `Issue ${number}`,
  body: `Body of ${number}`,
  labels: ['overnight'],
  author: 'alice',
  authorIsBot: false,
  createdAt: '2026-11-01T00:00:00Z',
  ...extra,
});

/** `actor` added `label`; an actor ending in [bot] is a GitHub App. */
export const labelEvent = (label: string, actor: string, extra: Partial<LabelEvent> = {}): LabelEvent => ({
  kind: 'labeled',
  label,
  actor,
  actorIsBot: actor.endsWith('[bot]'),
  createdAt: '2026-11-02T00:00:00Z',
  ...extra,
});

export const commentInfo = (id: number, author: string, body: string, extra: Partial<CommentInfo> = {}): CommentInfo => ({
  id,
  author,
  authorIsBot: false,
  body,
  createdAt: '2026-11-02T00:00:00Z',
  ...extra,
});
