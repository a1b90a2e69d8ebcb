import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny in-memory GitHub REST stand-in on loopback, for the real-server test and the benchmark:
 * just the endpoints the bot calls, served under `/api/v3` as GitHub Enterprise does, so Probot
 * reaches it through its usual GHE base URL. Requests are recorded for assertions.
 */
export interface StandIn {
  baseUrl: string;
  requests: { method: string; path: string; authorization: string }[];
  state: State;
  close(): Promise<void>;
}

interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: { name: string }[];
  comments: { id: number; body: string; created_at: string }[];
  pull_request?: { url: string };
}

interface Pull {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  draft: boolean;
  head: { ref: string; repo: { id: number; full_name: string } };
  base: { ref: string; repo: { id: number; full_name: string } };
  html_url: string;
  merged_at: null;
  created_at: string;
  labels: { name: string }[];
  requested_reviewers: [];
}

interface State {
  installations: { id: number }[];
  labels: { name: string; color: string; description: string | null }[];
  issues: Map<number, Issue>;
  pulls: Pull[];
  nextNumber: number;
}

type Reply = [number, unknown, Record<string, string>?];

export async function startGitHubStandIn(options: { owner: string; repo: string; installations?: { id: number }[] }): Promise<StandIn> {
  const state: State = { installations: options.installations ?? [], labels: [], issues: new Map(), pulls: [], nextNumber: 1 };
  const requests: StandIn['requests'] = [];
  const repoPath = `/api/v3/repos/${options.owner}/${options.repo}`;
  let host = '';

  const newIssue = (fields: Partial<Issue> & { title: string }): Issue => {
    const issue: Issue = { number: state.nextNumber++, body: '', state: 'open', labels: [], comments: [], ...fields };
    state.issues.set(issue.number, issue);
    return issue;
  };

  /** GitHub's pagination: `per_page` (default 30) and `page`, with a Link header to the next page. */
  const paged = (path: string, query: URLSearchParams, list: unknown[]): Reply => {
    const perPage = Number(query.get('per_page') ?? 30);
    const page = Number(query.get('page') ?? 1);
    const slice = list.slice((page - 1) * perPage, page * perPage);
    if (page * perPage >= list.length) return [200, slice];
    const next = new URLSearchParams(query);
    next.set('page', String(page + 1));
    return [200, slice, { link: `<http://${host}${path}?${next}>; rel="next"` }];
  };

  const route = (method: string, path: string, query: URLSearchParams, body: any): Reply => {
    if (method === 'POST' && /^\/api\/v3\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return [201, { token: 'ghs_standin', expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {}, repository_selection: 'all' }];
    }
    if (method === 'GET' && path === '/api/v3/app/installations') return [200, state.installations];
    if (!path.startsWith(repoPath)) return [404, { message: 'Not Found' }];
    const rest = path.slice(repoPath.length);
    const issueMatch = /^\/issues\/(\d+)(\/.*)?$/.exec(rest);
    const issue = issueMatch ? state.issues.get(Number(issueMatch[1])) : undefined;

    if (method === 'GET' && rest.startsWith('/contents/')) return [404, { message: 'Not Found' }];
    if (method === 'GET' && rest === '/pulls') {
      const head = query.get('head')?.split(':')[1];
      return paged(path, query, state.pulls.filter((pr) => head === undefined || pr.head.ref === head).reverse());
    }
    if (method === 'POST' && rest === '/pulls') {
      if (state.pulls.some((pr) => pr.head.ref === body.head)) {
        return [422, { message: 'Validation Failed', errors: [{ message: `A pull request already exists for ${options.owner}:${body.head}.` }] }];
      }
      const number = state.nextNumber++;
      const pr: Pull = {
        number,
        title: body.title,
        body: body.body,
        state: 'open',
        draft: body.draft ?? false,
        // Pulls opened through the API come from the repository itself.
        head: { ref: body.head, repo: { id: 1, full_name: `${options.owner}/${options.repo}` } },
        base: { ref: body.base, repo: { id: 1, full_name: `${options.owner}/${options.repo}` } },
        html_url: `http://github.test/${options.owner}/${options.repo}/pull/${number}`,
        merged_at: null,
        created_at: new Date().toISOString(),
        labels: [],
        requested_reviewers: [],
      };
      state.pulls.push(pr);
      state.issues.set(number, { number, title: body.title, body: body.body, state: 'open', labels: pr.labels, comments: [], pull_request: { url: pr.html_url } });
      return [201, pr];
    }
    if (method === 'GET' && rest.startsWith('/compare/')) return [200, { files: [{ filename: 'src/net.ts', additions: 9, deletions: 31 }] }];
    if (method === 'GET' && rest === '/labels') return paged(path, query, state.labels);
    if (method === 'POST' && rest === '/labels') {
      if (state.labels.some((label) => label.name.toLowerCase() === String(body.name).toLowerCase())) {
        return [422, { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] }];
      }
      state.labels.push(body);
      return [201, body];
    }
    const labelMatch = /^\/labels\/(.+)$/.exec(rest);
    if (method === 'PATCH' && labelMatch) {
      const found = state.labels.find((label) => label.name.toLowerCase() === labelMatch[1]!.toLowerCase());
      if (!found) return [404, { message: 'Not Found' }];
      Object.assign(found, body);
      return [200, found];
    }
    if (method === 'GET' && rest === '/issues') {
      const wanted = query.get('labels')?.toLowerCase();
      const list = [...state.issues.values()].filter(
        (candidate) => candidate.state === (query.get('state') ?? 'open') && (!wanted || candidate.labels.some((label) => label.name.toLowerCase() === wanted)),
      );
      return paged(path, query, list);
    }
    if (method === 'POST' && rest === '/issues') {
      return [201, newIssue({ title: body.title, body: body.body ?? '', labels: (body.labels ?? []).map((name: string) => ({ name })) })];
    }
    if (!issue) return [404, { message: 'Not Found' }];
    const sub = issueMatch?.[2] ?? '';
    if (method === 'GET' && sub === '') return [200, issue];
    if (method === 'PATCH' && sub === '') {
      Object.assign(issue, body);
      return [200, issue];
    }
    if (method === 'GET' && sub === '/comments') return paged(path, query, issue.comments);
    if (method === 'POST' && sub === '/comments') {
      const comment = { id: state.nextNumber++, body: body.body, created_at: new Date().toISOString() };
      issue.comments.push(comment);
      return [201, comment];
    }
    if (method === 'POST' && sub === '/labels') {
      // As GitHub does: a name no label has yet becomes a new grey, undescribed label.
      for (const name of body.labels as string[]) {
        if (!state.labels.some((label) => label.name.toLowerCase() === name.toLowerCase())) state.labels.push({ name, color: 'ededed', description: null });
        if (!issue.labels.some((label) => label.name === name)) issue.labels.push({ name });
      }
      return [200, issue.labels.map(({ name }) => state.labels.find((label) => label.name.toLowerCase() === name.toLowerCase()) ?? { name, color: 'ededed', description: null })];
    }
    return [404, { message: `stand-in has no route for ${method} ${path}` }];
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://stand-in');
      requests.push({ method: request.method ?? 'GET', path: url.pathname, authorization: request.headers.authorization ?? '' });
      const text = Buffer.concat(chunks).toString('utf8');
      const [status, payload, headers] = route(request.method ?? 'GET', decodeURIComponent(url.pathname), url.searchParams, text ? JSON.parse(text) : undefined);
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v3`,
    requests,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A goal issue to link PRs to; later numbers are allocated after it. */
export function addGoalIssue(standIn: StandIn, number: number, title: string): void {
  standIn.state.issues.set(number, { number, title, body: '', state: 'open', labels: [{ name: 'overnight' }], comments: [] });
  standIn.state.nextNumber = Math.max(standIn.state.nextNumber, number + 1);
}
