import { type PermissionLevel, repoConfigSchema } from '../../../src/config/repo-config.js';
import type { AgentPr, CommentInfo, GithubPort, IssueInfo } from '../../../src/runner/github/types.js';

export interface FakeGithubData {
  issues?: IssueInfo[];
  comments?: Record<number, CommentInfo[]>;
  reviewComments?: Record<number, CommentInfo[]>;
  agentPrs?: AgentPr[];
  permissions?: Record<string, PermissionLevel>;
  commitDates?: Record<string, string>;
  paused?: boolean;
}

/** An in-memory GithubPort for stage tests; the real client is tested against nock. */
export function fakeGithub(data: FakeGithubData = {}): GithubPort & { permissionLookups: string[] } {
  const permissionLookups: string[] = [];
  return {
    permissionLookups,
    listGoalIssues: async () => data.issues ?? [],
    listComments: async (n) => data.comments?.[n] ?? [],
    listReviewComments: async (n) => data.reviewComments?.[n] ?? [],
    listAgentPrs: async () => data.agentPrs ?? [],
    findPrByHead: async () => undefined,
    permissionOf: async (user) => {
      permissionLookups.push(user);
      return data.permissions?.[user] ?? 'none';
    },
    isPaused: async () => data.paused ?? false,
    repoConfig: async () => repoConfigSchema.parse({}),
    commitDate: async (sha) => data.commitDates?.[sha] ?? '2026-11-01T00:00:00Z',
    claim: async () => true,
    release: async () => undefined,
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

export const commentInfo = (id: number, author: string, body: string, extra: Partial<CommentInfo> = {}): CommentInfo => ({
  id,
  author,
  authorIsBot: false,
  body,
  createdAt: '2026-11-02T00:00:00Z',
  ...extra,
});
