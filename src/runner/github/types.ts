import type { PermissionLevel, RepoConfig } from '../../config/index.js';

export interface IssueInfo {
  number: number;
  title: string;
  body: string;
  labels: string[];
  author: string;
  authorIsBot: boolean;
  createdAt: string;
}

export interface CommentInfo {
  id: number;
  author: string;
  authorIsBot: boolean;
  body: string;
  createdAt: string;
}

/** A label added to or removed from an issue or PR, from its events. */
export interface LabelEvent {
  kind: 'labeled' | 'unlabeled';
  label: string;
  actor: string;
  actorIsBot: boolean;
  createdAt: string;
}

export interface AgentPr {
  number: number;
  title: string;
  body: string;
  headRef: string;
  headSha: string;
  draft: boolean;
  labels: string[];
  createdAt: string;
}

export interface OpenPrInput {
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
}

/**
 * Everything the runner asks of GitHub, as plain data. `createGithub` implements it with Octokit;
 * stage tests pass small fakes, cycle tests the real client against nock.
 */
export interface GithubPort {
  /** Open issues (not PRs) carrying `label`, every page. */
  listGoalIssues(label: string): Promise<IssueInfo[]>;
  listComments(issueNumber: number): Promise<CommentInfo[]>;
  /** Review comments (on lines of the diff) of a PR. */
  listReviewComments(prNumber: number): Promise<CommentInfo[]>;
  /** Open PRs whose head is an `agent/*` branch of this repository (never a fork's). */
  listAgentPrs(): Promise<AgentPr[]>;
  /** The PR, open or closed, whose head is `branch` of this repository. */
  findPrByHead(branch: string): Promise<{ number: number; state: string } | undefined>;
  /** Who added and removed which labels on an issue or PR, oldest first, every page. */
  labelEvents(issueNumber: number): Promise<LabelEvent[]>;
  /** Repository permission of a user; "none" when not a collaborator. */
  permissionOf(login: string): Promise<PermissionLevel>;
  /** True when an open dashboard issue carries `overnight:paused`. */
  isPaused(): Promise<boolean>;
  /** `.github/overnight.yml`, parsed; the defaults when the file is absent. */
  repoConfig(): Promise<RepoConfig>;
  /** Committer date of a commit, ISO-8601. */
  commitDate(sha: string): Promise<string>;
  /**
   * Creates the claim ref pointing at a new runner-unique commit, without force.
   * Resolves false when the ref already exists: another runner won.
   */
  claim(ref: string, commit: { treeSha: string; parentSha: string; message: string }): Promise<boolean>;
  release(ref: string): Promise<void>;
  openPr(input: OpenPrInput): Promise<number>;
  /** Asks users and teams (slugs) to review a PR. */
  requestReviewers(prNumber: number, reviewers: { users: string[]; teams: string[] }): Promise<void>;
  /** Adds labels to an issue, keeping the ones it has. */
  addLabels(issueNumber: number, labels: string[]): Promise<void>;
  /** Removes a label from an issue; a label that is not there (404) is success. */
  removeLabel(issueNumber: number, label: string): Promise<void>;
}
