import type { ProbotOctokit } from 'probot';

/** The authenticated client every domain function takes (an installation's ProbotOctokit). */
export type Octokit = ProbotOctokit;

export interface Repo {
  owner: string;
  repo: string;
}

/** An Octokit RequestError with this HTTP status. */
export function hasStatus(error: unknown, status: number): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === status;
}

/** A 422 whose message or error list contains `text` (GitHub reports "already exists" this way). */
export function isUnprocessable(error: unknown, text: RegExp): boolean {
  if (!hasStatus(error, 422)) return false;
  const response = (error as { response?: { data?: unknown } }).response;
  return text.test(`${(error as Error).message} ${JSON.stringify(response?.data ?? '')}`);
}
