import nock from 'nock';

export const API = 'https://api.github.com';
export const REPO = '/repos/acme/widgets';

export interface IssueFixture {
  number: number;
  title: string;
  body?: string;
  labels?: string[];
  author?: string;
  created_at?: string;
}

export function issue({ number, title, body = '', labels = ['overnight'], author = 'alice', created_at = '2026-11-01T10:00:00Z' }: IssueFixture) {
  return {
    number,
    title,
    body,
    labels: labels.map((name) => ({ name })),
    user: { login: author, type: 'User' },
    created_at,
    state: 'open',
  };
}

export function comment(id: number, author: string, body: string, created_at = '2026-11-02T10:00:00Z', type = 'User') {
  return { id, user: { login: author, type }, body, created_at };
}

export interface GateMocks {
  paused?: boolean;
  agentPrs?: unknown[];
  repoConfigYaml?: string;
}

/** The calls every cycle makes before deciding: repo config, pause, open agent PRs. */
export function mockGate(scope: nock.Scope, { paused = false, agentPrs = [], repoConfigYaml }: GateMocks = {}): nock.Scope {
  if (repoConfigYaml === undefined) scope.get(`${REPO}/contents/.github%2Fovernight.yml`).reply(404, { message: 'Not Found' });
  else {
    scope
      .get(`${REPO}/contents/.github%2Fovernight.yml`)
      .reply(200, { type: 'file', encoding: 'base64', content: Buffer.from(repoConfigYaml).toString('base64') });
  }
  mockDashboard(scope, paused ? [issue({ number: 1, title: 'Dashboard', labels: ['overnight:dashboard', 'overnight:paused'] })] : []);
  scope.get(`${REPO}/pulls`).query({ state: 'open', per_page: '100' }).reply(200, agentPrs);
  return scope;
}

/** The search for the open dashboard issue, which also tells whether runners are paused. */
export function mockDashboard(scope: nock.Scope, dashboards: ReturnType<typeof issue>[]): nock.Scope {
  return scope.get(`${REPO}/issues`).query(DASHBOARD_QUERY).reply(200, dashboards);
}

export const DASHBOARD_QUERY = { state: 'open', labels: 'overnight:dashboard', sort: 'created', direction: 'asc', per_page: '10' };

export function mockIssues(scope: nock.Scope, issues: ReturnType<typeof issue>[], label = 'overnight'): nock.Scope {
  return scope.get(`${REPO}/issues`).query({ state: 'open', labels: label, per_page: '100' }).reply(200, issues);
}

export function mockComments(scope: nock.Scope, number: number, comments: ReturnType<typeof comment>[] = []): nock.Scope {
  return scope.get(`${REPO}/issues/${number}/comments`).query({ per_page: '100' }).reply(200, comments);
}

/** An issue event as the issue events API lists it: `labeled`/`unlabeled` carry the label, others do not. */
export function labelEventJson(id: number, event: string, actor: string, label?: string, created_at = '2026-11-02T09:00:00Z') {
  return {
    id,
    node_id: `LE_${id}`,
    url: `https://api.github.com${REPO}/issues/events/${id}`,
    actor: { login: actor, type: actor.endsWith('[bot]') ? 'Bot' : 'User' },
    event,
    commit_id: null,
    commit_url: null,
    created_at,
    ...(label ? { label: { name: label, color: 'ededed' } } : {}),
  };
}

/** The events of an issue or PR (one page). */
export function mockLabelEvents(scope: nock.Scope, number: number, events: ReturnType<typeof labelEventJson>[]): nock.Scope {
  return scope.get(`${REPO}/issues/${number}/events`).query({ per_page: '100' }).reply(200, events);
}

export function mockPermission(scope: nock.Scope, user: string, permission: string): nock.Scope {
  return scope.get(`${REPO}/collaborators/${user}/permission`).reply(200, { permission, role_name: permission, user: { login: user } });
}

/** Records a request body through nock's body matcher (reply callbacks cannot see it reliably with fetch). */
export function capture(into: Record<string, unknown>) {
  return (body: Record<string, unknown>) => {
    Object.assign(into, body);
    return true;
  };
}

/** The sha of the claim commit the runner makes in `mockClaim`. */
export const CLAIM_SHA = 'c1a1m0000000000000000000000000000000c1a1';
const CLAIM_REF = /\/repos\/acme\/widgets\/git\/refs?\/heads%2Fovernight-claims%2F.+/;

/** A claim commit of another runner, made `minutesAgo` before `now` by GitHub's clock. */
export function foreignClaim(now: Date, minutesAgo: number, runner = 'mac-mini', session = '20261128-0100-abcdef') {
  return {
    sha: 'f0e1f0e1f0e1f0e1f0e1f0e1f0e1f0e1f0e1f0e1',
    message: `overnight claim of #12 by ${runner}, session ${session}\n\nOvernight-Runner: ${runner}\nOvernight-Session: ${session}\nOvernight-Goal: #12\nOvernight-Claimed-At: ${new Date(now.getTime() - minutesAgo * 60_000).toISOString()}\n`,
    parents: [{ sha: 'b'.repeat(40) }],
    committer: { name: 'GitHub', email: 'noreply@github.com', date: new Date(now.getTime() - minutesAgo * 60_000).toISOString() },
  };
}

export interface ClaimMocks {
  won?: boolean;
  /** The claim is released (read back, then deleted) within the cycle. */
  released?: boolean;
  /** When lost: how old the other runner's claim is, and GitHub's clock (its Date header). */
  foreignMinutes?: number;
  now?: Date;
}

/**
 * Claim (commit + ref created without force); when lost, the runner reads whose claim it is;
 * when `released`, it reads the ref back and deletes it while it is still its own. Returns the
 * request bodies seen.
 */
export function mockClaim(scope: nock.Scope, { won = true, released = true, foreignMinutes = 5, now = new Date('2026-11-28T02:00:00Z') }: ClaimMocks = {}) {
  const seen = { commit: {} as Record<string, unknown>, ref: {} as Record<string, unknown> };
  scope.post(`${REPO}/git/commits`, capture(seen.commit)).reply(201, { sha: CLAIM_SHA });
  scope
    .post(`${REPO}/git/refs`, capture(seen.ref))
    .reply(won ? 201 : 422, won ? { ref: 'refs/heads/overnight-claims/x' } : { message: 'Reference already exists' });
  if (!won) {
    const other = foreignClaim(now, foreignMinutes);
    scope.get(CLAIM_REF).reply(200, { object: { type: 'commit', sha: other.sha } });
    scope.get(`${REPO}/git/commits/${other.sha}`).reply(200, other, { date: now.toUTCString() });
  }
  if (won && released) mockRelease(scope);
  return seen;
}

/** The release of the claim `mockClaim` made: read back (still ours), then deleted. */
export function mockRelease(scope: nock.Scope, { deleteStatus = 204 }: { deleteStatus?: number } = {}) {
  scope.get(CLAIM_REF).reply(200, { object: { type: 'commit', sha: CLAIM_SHA } });
  scope.delete(CLAIM_REF).reply(deleteStatus, deleteStatus < 300 ? '' : { message: 'Server Error' });
}

/** `METHOD /path` (relative to the repo) of every request `scope` answers, in the order they came. */
export function requestLog(scope: nock.Scope): string[] {
  const seen: string[] = [];
  scope.on('request', (request: Request) => seen.push(`${request.method} ${new URL(request.url).pathname.replace(REPO, '')}`));
  return seen;
}

/**
 * Requests nock answered with "no match". A label call is best effort (its failure only logs), so
 * without this an unexpected one would go unnoticed.
 */
export function unmatchedRequests(): { seen: string[]; stop(): void } {
  const seen: string[] = [];
  const listener = (request: Request) => seen.push(`${request.method} ${request.url}`);
  nock.emitter.on('no match', listener);
  return { seen, stop: () => void nock.emitter.removeListener('no match', listener) };
}

export interface RunningLabelMocks {
  addStatus?: number;
  removeStatus?: number;
  /** Called as each request arrives, to look at the session and the remote at that moment. */
  onAdd?: () => void;
  onRemove?: () => void;
}

/** `overnight:running` added to goal issue `number` as its session starts, and removed as it ends. */
export function mockRunningLabel(scope: nock.Scope, number: number, { addStatus = 200, removeStatus = 200, onAdd, onRemove }: RunningLabelMocks = {}) {
  const added: Record<string, unknown> = {};
  const fail = { message: 'Server Error' };
  // A 5xx is retried three times before the runner sees it.
  const tries = (status: number) => (status >= 500 ? 4 : 1);
  scope.post(`${REPO}/issues/${number}/labels`, capture(added)).times(tries(addStatus)).reply(() => {
    onAdd?.();
    return [addStatus, addStatus < 300 ? [{ name: 'overnight' }, { name: 'overnight:running' }] : fail];
  });
  scope.delete(`${REPO}/issues/${number}/labels/overnight%3Arunning`).times(tries(removeStatus)).reply(() => {
    onRemove?.();
    return [removeStatus, removeStatus < 300 ? [{ name: 'overnight' }] : fail];
  });
  return added;
}
