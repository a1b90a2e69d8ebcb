import { z } from 'zod';
import { HttpError, notFound, validationFailed } from '../http/http-error.js';
import { route, type Route } from '../http/router.js';
import { addLabels, createIssue, removeLabel, setLabels, updateIssue } from '../state/issue-actions.js';
import { listed } from '../http/paginate.js';
import { parseBody } from '../http/request-listener.js';
import { actorLogin, findIssue, type SandboxEnv } from '../sandbox-env.js';
import { issue, issueLabels, label, labelEvent } from '../shapes/issue.js';
import type { IssueRecord } from '../state/records.js';

const labelNames = z
  .union([
    z.array(z.union([z.string(), z.object({ name: z.string() })])),
    z.object({ labels: z.array(z.union([z.string(), z.object({ name: z.string() })])) }),
  ])
  .transform((input) => (Array.isArray(input) ? input : input.labels).map((entry) => (typeof entry === 'string' ? entry : entry.name)));

const newIssue = z.object({
  title: z.union([z.string().min(1), z.number().transform(String)]),
  body: z.string().nullish(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).optional(),
  assignees: z.array(z.string()).optional(),
});

const issuePatch = z.object({
  title: z.string().min(1).optional(),
  body: z.string().nullable().optional(),
  state: z.enum(['open', 'closed']).optional(),
  state_reason: z.enum(['completed', 'not_planned', 'reopened']).nullable().optional(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).optional(),
  assignees: z.array(z.string()).optional(),
});

const newLabel = z.object({
  name: z.string().min(1),
  color: z.string().regex(/^#?[0-9a-fA-F]{6}$/).optional(),
  description: z.string().nullish(),
});

const labelPatch = z.object({
  new_name: z.string().min(1).optional(),
  color: z.string().regex(/^#?[0-9a-fA-F]{6}$/).optional(),
  description: z.string().nullish(),
});

const names = (entries: Array<string | { name: string }> | undefined): string[] | undefined =>
  entries?.map((entry) => (typeof entry === 'string' ? entry : entry.name));

/** `GET /repos/{o}/{r}/issues` filters: state, labels (all of them), creator, assignee, since, sort. */
export function filterIssues(records: IssueRecord[], query: URLSearchParams, commentCount: (record: IssueRecord) => number): IssueRecord[] {
  const state = query.get('state') ?? 'open';
  const wanted = (query.get('labels') ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  const creator = query.get('creator');
  const assignee = query.get('assignee');
  const since = query.get('since');
  const sort = query.get('sort') ?? 'created';
  const direction = query.get('direction') === 'asc' ? 1 : -1;
  const key = (record: IssueRecord): number => (sort === 'updated' ? record.updatedAt.getTime() : sort === 'comments' ? commentCount(record) : record.createdAt.getTime());
  return records
    .filter((record) => state === 'all' || record.state === state)
    .filter((record) => wanted.every((name) => record.labels.some((present) => present.toLowerCase() === name)))
    .filter((record) => !creator || record.user.toLowerCase() === creator.toLowerCase())
    .filter((record) => !assignee || (assignee === 'none' ? record.assignees.length === 0 : assignee === '*' ? record.assignees.length > 0 : record.assignees.includes(assignee)))
    .filter((record) => !since || record.updatedAt.getTime() >= Date.parse(since))
    .sort((a, b) => direction * (key(a) - key(b) || a.number - b.number));
}

export function issueRoutes(env: SandboxEnv): Route[] {
  const base = '/repos/:owner/:repo';
  const find = (number: string | undefined) => findIssue(env, number ?? '');
  const findLabel = (name: string | undefined) => {
    const found = env.records.label(name ?? '');
    if (!found) throw notFound();
    return found;
  };
  return [
    route('GET', `${base}/issues`, 'token', ({ url }) =>
      listed(
        filterIssues([...env.records.issues.values()], url.searchParams, (record) => env.records.commentsOn(record.number).length).map((record) => issue(env, record)),
        url,
      ),
    ),
    route('POST', `${base}/issues`, 'token', async ({ body, actor }) => {
      const input = parseBody(newIssue, body);
      const record = await createIssue(env, actorLogin(env, actor), { ...input, labels: names(input.labels) });
      return { status: 201, json: issue(env, record) };
    }),
    route('GET', `${base}/issues/:number`, 'token', ({ params }) => ({ json: issue(env, find(params.number)) })),
    route('PATCH', `${base}/issues/:number`, 'token', async ({ params, body, actor }) => {
      const record = find(params.number);
      const patch = parseBody(issuePatch, body);
      await updateIssue(env, record, { ...patch, labels: names(patch.labels) }, actorLogin(env, actor));
      return { json: issue(env, record) };
    }),
    route('GET', `${base}/issues/:number/events`, 'token', ({ params, url }) => {
      const { number } = find(params.number);
      return listed(env.records.labelEvents.filter((event) => event.issueNumber === number).map((event) => labelEvent(env, event)), url);
    }),
    route('GET', `${base}/issues/:number/labels`, 'token', ({ params, url }) => listed(issueLabels(env, find(params.number)), url)),
    route('POST', `${base}/issues/:number/labels`, 'token', async ({ params, body, actor }) => {
      const record = find(params.number);
      await addLabels(env, record, parseBody(labelNames, body), actorLogin(env, actor));
      return { json: issueLabels(env, record) };
    }),
    route('PUT', `${base}/issues/:number/labels`, 'token', async ({ params, body, actor }) => {
      const record = find(params.number);
      await setLabels(env, record, parseBody(labelNames, body), actorLogin(env, actor));
      return { json: issueLabels(env, record) };
    }),
    route('DELETE', `${base}/issues/:number/labels`, 'token', async ({ params, actor }) => {
      await setLabels(env, find(params.number), [], actorLogin(env, actor));
      return { status: 204 };
    }),
    route('DELETE', `${base}/issues/:number/labels/:name`, 'token', async ({ params, actor }) => {
      const record = find(params.number);
      await removeLabel(env, record, params.name ?? '', actorLogin(env, actor));
      return { json: issueLabels(env, record) };
    }),
    route('GET', `${base}/labels`, 'token', ({ url }) => listed([...env.records.labels.values()].map((record) => label(env, record)), url)),
    route('GET', `${base}/labels/:name`, 'token', ({ params }) => ({ json: label(env, findLabel(params.name)) })),
    route('POST', `${base}/labels`, 'token', ({ body }) => {
      const input = parseBody(newLabel, body);
      if (env.records.label(input.name)) throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
      const created = { id: env.records.nextId(), name: input.name, color: (input.color ?? 'ededed').replace(/^#/, '').toLowerCase(), description: input.description ?? null };
      env.records.labels.set(created.name, created);
      return { status: 201, json: label(env, created) };
    }),
    route('PATCH', `${base}/labels/:name`, 'token', ({ params, body }) => {
      const found = findLabel(params.name);
      const patch = parseBody(labelPatch, body);
      if (patch.new_name && patch.new_name.toLowerCase() !== found.name.toLowerCase() && env.records.label(patch.new_name)) {
        throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
      }
      if (patch.new_name) renameLabel(env, found.name, patch.new_name);
      if (patch.color) found.color = patch.color.replace(/^#/, '').toLowerCase();
      if (patch.description !== undefined) found.description = patch.description ?? null;
      return { json: label(env, found) };
    }),
    route('DELETE', `${base}/labels/:name`, 'token', ({ params }) => {
      const found = findLabel(params.name);
      env.records.labels.delete(found.name);
      for (const record of env.records.issues.values()) record.labels = record.labels.filter((name) => name !== found.name);
      return { status: 204 };
    }),
  ];
}

function renameLabel(env: SandboxEnv, from: string, to: string): void {
  const record = env.records.labels.get(from);
  if (!record) throw new HttpError(404, { message: 'Not Found' });
  env.records.labels.delete(from);
  record.name = to;
  env.records.labels.set(to, record);
  for (const issueRecord of env.records.issues.values()) issueRecord.labels = issueRecord.labels.map((name) => (name === from ? to : name));
}
