import { readPrMetadata, sessionIdFromRef, type PrMetadata } from '../../protocol/index.js';
import type { ListedPr } from '../dashboard/repo-view.js';
import { fromBaseRepo } from './from-base-repo.js';

export interface AgentPrSummary {
  number: number;
  title: string;
  url: string;
  state: 'open' | 'merged' | 'closed';
  draft: boolean;
  createdAt: string;
  metadata: PrMetadata;
}

/**
 * The overnight PRs among a listing of the newest PRs, newest first: PRs from `agent/*` heads of
 * the repository itself (never a fork's) whose body still carries our metadata. One page of 100 is
 * plenty for a dashboard and a status reply.
 */
export function toAgentPrs(prs: readonly ListedPr[]): AgentPrSummary[] {
  return prs.flatMap((pr) => {
    const metadata = !fromBaseRepo(pr) || sessionIdFromRef(pr.head.ref) === undefined ? undefined : readPrMetadata(pr.body);
    if (!metadata) return [];
    const state = pr.merged_at ? 'merged' : pr.state === 'open' ? 'open' : 'closed';
    return [{ number: pr.number, title: pr.title, url: pr.html_url, state, draft: pr.draft ?? false, createdAt: pr.created_at, metadata }];
  });
}
