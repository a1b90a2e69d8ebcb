import type { RequestRecord } from '../../src/sandbox/index.js';

export interface DashboardShape {
  /** The dashboard issue's number. */
  number: number;
  label: string;
  goalLabel: string;
}

export interface EventRequests {
  total: number;
  /** Finding the dashboard, listing the goals and PRs it is rendered from, reading or writing it. */
  dashboard: number;
  /** Rebuilds of the dashboard: the goal list is read for nothing else on these events. */
  refreshes: number;
  /** `GET /repos/:owner/:repo/issues/:number 200`..., in the order they were answered. */
  calls: string[];
  /** The sandbox's time answering them, summed (an upper bound where the bot asked in parallel). */
  sandboxMs: number;
}

/** What one webhook cost in GitHub API calls, from the sandbox's log of the bot's requests. */
export function countEventRequests(records: readonly RequestRecord[], dashboard: DashboardShape): EventRequests {
  const mine = records.filter((record) => record.actor.kind === 'installation' || record.actor.kind === 'app');
  const kinds = mine.map((record) => dashboardRole(record, dashboard));
  return {
    total: mine.length,
    dashboard: kinds.filter((kind) => kind !== undefined).length,
    refreshes: kinds.filter((kind) => kind === 'goal-list').length,
    calls: mine.map((record) => `${record.method} ${record.route ?? record.path} ${record.status}`),
    sandboxMs: mine.reduce((sum, record) => sum + record.ms, 0),
  };
}

type DashboardRole = 'lookup' | 'goal-list' | 'goal-list-next-page' | 'pr-list' | 'itself';

function dashboardRole(record: RequestRecord, dashboard: DashboardShape): DashboardRole | undefined {
  const query = new URLSearchParams(record.query);
  const firstPage = (query.get('page') ?? '1') === '1';
  if (record.method === 'GET' && record.route === '/repos/:owner/:repo/issues') {
    if (query.get('labels') === dashboard.label) return 'lookup';
    if (query.get('labels') === dashboard.goalLabel) return firstPage ? 'goal-list' : 'goal-list-next-page';
  }
  // The PR list without a `head` is the recent-PR list; looking up one branch's PR names its head.
  if (record.method === 'GET' && record.route === '/repos/:owner/:repo/pulls' && !query.has('head')) return 'pr-list';
  if (new RegExp(`^/repos/[^/]+/[^/]+/issues/${dashboard.number}(?:/|$)`).test(record.path)) return 'itself';
  return undefined;
}

export interface Spread {
  mean: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  return { mean: values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length), max: Math.max(0, ...values) };
}
