import type { GoalRef, Priority } from '../../../protocol/index.js';

/** A piece of trusted text (its author is at or above the command permission). */
export interface TrustedText {
  author: string;
  body: string;
}

/** A PR the bot marked for revision with `/overnight revise`. */
export interface RevisionRequest {
  prNumber: number;
  branch: string;
  /** The `revise` instructions, newest request last. */
  instructions: string;
  requestedBy: string;
  requestedAt: string;
  /** Trusted review comments on the PR's diff. */
  reviewComments: TrustedText[];
  /** The agent that made the PR (its metadata), kept unless a label says otherwise. */
  agent?: string;
}

/**
 * A goal as analyze hands it to decide: already filtered for trust, so every string here may
 * reach a prompt.
 */
export interface Goal {
  ref: GoalRef;
  /** `#12` / `config:0`: the key of the store's history and the trailer. */
  key: string;
  /** The commit and PR title: the issue title as written (it never reaches a prompt untrusted). */
  subject: string;
  /** Prompt text: the issue title and body when their author is trusted, else a neutral title and no body. */
  title: string;
  body: string;
  comments: TrustedText[];
  labels: string[];
  priority: Priority;
  recurring: boolean;
  /** When the issue was opened; static goals have none and count as oldest. */
  createdAt?: string;
  revision?: RevisionRequest;
}
