import type { PermissionLevel } from '../../config/index.js';

/**
 * The sandbox's in-memory state as plain records. Response and webhook shapes are rendered from
 * these on every read (shape-*.ts), so a label change shows everywhere at once, as on GitHub.
 */

export interface UserRecord {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface PullRecord {
  /** The head branch's name, in the repository of `headOwner`. */
  head: string;
  /**
   * Who owns the head repository: the sandbox repository's owner, or the owner of a fork whose
   * branch is kept as `refs/forks/<owner>/heads/<branch>` in the one bare remote (on GitHub too,
   * a fork shares its objects with the repository it was forked from).
   */
  headOwner: string;
  headSha: string;
  base: string;
  draft: boolean;
  merged: boolean;
  mergedAt: Date | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  requestedReviewers: string[];
  maintainerCanModify: boolean;
  /** Git figures fixed at merge time; an open pull request computes them for its current head and base. */
  mergedFigures?: PullFigures;
  /**
   * The figures last computed and the head they were computed for (the base sha is in them):
   * git objects never change, so the same head and base give the same figures.
   */
  lastFigures?: { headSha: string; figures: PullFigures };
}

export interface PullFigures {
  baseSha: string;
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
  mergeable: boolean | null;
}

/** Issues and pull requests share one numbering, as on GitHub; a pull request has `pull`. */
export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  user: string;
  labels: string[];
  assignees: string[];
  locked: boolean;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
  pull?: PullRecord;
}

/** A label added to or removed from an issue or pull request, for its events API. */
export interface LabelEventRecord {
  id: number;
  issueNumber: number;
  event: 'labeled' | 'unlabeled';
  actor: string;
  label: string;
  createdAt: Date;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A comment on a line of a pull request's diff. */
export interface ReviewCommentRecord {
  id: number;
  pullNumber: number;
  body: string;
  user: string;
  path: string;
  line: number;
  commitId: string;
  diffHunk: string;
  createdAt: Date;
  updatedAt: Date;
}

export const REACTION_CONTENTS = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'] as const;
export type ReactionContent = (typeof REACTION_CONTENTS)[number];

export type ReactionSubject = { kind: 'issue'; number: number } | { kind: 'comment'; id: number };

export interface ReactionRecord {
  id: number;
  subject: ReactionSubject;
  content: ReactionContent;
  user: string;
  createdAt: Date;
}

export type ActivityType = 'push' | 'force_push' | 'branch_creation' | 'branch_deletion';

/** A branch change as GitHub's activity API lists it, timed by the sandbox clock. */
export interface ActivityRecord {
  id: number;
  ref: string;
  before: string;
  after: string;
  type: ActivityType;
  actor: string;
  at: Date;
}

export class SandboxRecords {
  readonly users = new Map<string, UserRecord>();
  readonly labels = new Map<string, LabelRecord>();
  readonly issues = new Map<number, IssueRecord>();
  readonly comments = new Map<number, CommentRecord>();
  readonly reviewComments = new Map<number, ReviewCommentRecord>();
  readonly reactions: ReactionRecord[] = [];
  /** Branch changes, oldest first (`GET /repos/{o}/{r}/activity`). */
  readonly activities: ActivityRecord[] = [];
  readonly labelEvents: LabelEventRecord[] = [];
  readonly permissions = new Map<string, PermissionLevel>();
  private lastId = 1000;
  private lastNumber = 0;

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  nextNumber(): number {
    this.lastNumber += 1;
    return this.lastNumber;
  }

  /** Every login the sandbox hears of becomes a user, as if it had always existed. */
  user(login: string): UserRecord {
    const known = this.users.get(login);
    if (known) return known;
    const created: UserRecord = { login, id: this.nextId(), type: login.endsWith('[bot]') ? 'Bot' : 'User' };
    this.users.set(login, created);
    return created;
  }

  /** Label names compare case-insensitively on GitHub. */
  label(name: string): LabelRecord | undefined {
    const wanted = name.toLowerCase();
    for (const label of this.labels.values()) if (label.name.toLowerCase() === wanted) return label;
    return undefined;
  }

  commentsOn(issueNumber: number): CommentRecord[] {
    return [...this.comments.values()].filter((comment) => comment.issueNumber === issueNumber);
  }

  reactionsOn(subject: ReactionSubject): ReactionRecord[] {
    return this.reactions.filter((reaction) =>
      subject.kind === 'issue'
        ? reaction.subject.kind === 'issue' && reaction.subject.number === subject.number
        : reaction.subject.kind === 'comment' && reaction.subject.id === subject.id,
    );
  }
}
