import type { PermissionLevel } from '../../../src/config/repo-config.js';
import { repoConfigSchema } from '../../../src/config/repo-config.js';
import type { AgentPr, CommentInfo, GithubPort, IssueInfo, LabelEvent } from '../../../src/runner/github/types.js';

export interface FakeGithubData {
  issues?: IssueInfo[];
  comments?: Record<number, CommentInfo[]>;
  reviewComments?: Record<number, CommentInfo[]>;
  agentPrs?: AgentPr[];
  permissions?: Record<string, PermissionLevel>;
  commitDates?: Record<string, string>;
  paused?: boolean;
  labelEvents?: Record<number, LabelEvent[]>;
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
    labelEvents: async (n) => data.labelEvents?.[n] ?? [],
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
