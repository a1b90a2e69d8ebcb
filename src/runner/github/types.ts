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

/** A commit as GitHub's git database has it. */
export interface GitCommit {
  sha: string;
  message: string;
  parents: string[];
  /**
   * The committer date. GitHub sets it for a commit made through its API without one, so for
   * claim commits it is GitHub's clock, not the runner's.
   */
  committedAt: string;
  /** GitHub's clock when it answered (its `Date` header), when it sent one. */
  answeredAt?: string;
}

/** The repository's dashboard issue, as the bot keeps it. */
export interface DashboardIssue {
  /** The oldest open one: the issue the bot writes, should a race ever have made two. */
  number: number;
  /** Whether any open dashboard issue carries `overnight:paused`. */
  paused: boolean;
}

/** How a fast-forward-only ref update went. */
export type RefAdvance = 'moved' | 'conflict' | 'gone';

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
  /** The open dashboard issue; undefined when there is none (the bot is not installed, or has not made one yet). */
  findDashboard(): Promise<DashboardIssue | undefined>;
  /** `.github/overnight.yml`, parsed; the defaults when the file is absent. */
  repoConfig(): Promise<RepoConfig>;
  /**
   * When GitHub recorded the last push to `branch` (the head of PR `prNumber`), ISO-8601; undefined
   * when it has no record. GitHub's own time, never a date a pusher wrote into a commit.
   */
  branchPushedAt(branch: string, prNumber: number): Promise<string | undefined>;
  /** Makes a commit through the API (GitHub dates it) and returns its sha. */
  createCommit(input: { treeSha: string; parents: string[]; message: string }): Promise<string>;
  /** Creates `ref` at `sha` without force; false when the ref already exists. */
  createRef(ref: string, sha: string): Promise<boolean>;
  /** Where `ref` points; undefined when it does not exist. */
  refSha(ref: string): Promise<string | undefined>;
  readCommit(sha: string): Promise<GitCommit>;
  /**
   * Moves `ref` to `sha` only as a fast-forward (never forced): "conflict" when the ref moved to a
   * commit `sha` does not descend from, "gone" when it no longer exists. With `sha` a child of the
   * commit the caller last saw, this is a compare-and-swap on the ref.
   */
  advanceRef(ref: string, sha: string): Promise<RefAdvance>;
  /** Deletes `ref`; a ref already gone (404, or GitHub's 422 "Reference does not exist") is success. */
  release(ref: string): Promise<void>;
  /** Comments on an issue or pull request; returns the comment's id. */
  addComment(issueNumber: number, body: string): Promise<number>;
  /** Rewrites a comment's body; false when GitHub refuses (403: not one this token may edit) or it is gone (404). */
  updateComment(commentId: number, body: string): Promise<boolean>;
  /** Deletes a comment; true once it is gone (a 404 counts), false when GitHub refuses (403). */
  deleteComment(commentId: number): Promise<boolean>;
  openPr(input: OpenPrInput): Promise<number>;
  /** Asks users and teams (slugs) to review a PR. */
  requestReviewers(prNumber: number, reviewers: { users: string[]; teams: string[] }): Promise<void>;
  /** Adds labels to an issue, keeping the ones it has. */
  addLabels(issueNumber: number, labels: string[]): Promise<void>;
  /** Removes a label from an issue; a label that is not there (404) is success. */
  removeLabel(issueNumber: number, label: string): Promise<void>;
}
