import { z } from 'zod';
import { HttpError, notFound, unprocessable } from '../http/http-error.js';
import { route, type Route } from '../http/router.js';
import { emitIssueEvent, updateIssue } from '../state/issue-actions.js';
import { createPull, mergePull, parseHead, requestReviewers } from '../state/pull-actions.js';
import { parseBody } from '../http/request-listener.js';
import { createReviewComment, reviewComment } from '../state/review-comments.js';
import { listed, paginate } from '../http/paginate.js';
import { actorLogin, findIssue, type SandboxEnv } from '../sandbox-env.js';
import { isPull, pullListItem, pullRequest, pullRequestSimple } from '../shapes/pull.js';
import { simpleUser } from '../shapes/user.js';

const newPull = z.object({
  title: z.string().min(1),
  head: z.string().min(1),
  base: z.string().min(1),
  body: z.string().nullish(),
  draft: z.boolean().optional(),
  maintainer_can_modify: z.boolean().optional(),
});

const pullPatch = z.object({
  title: z.string().min(1).optional(),
  body: z.string().nullable().optional(),
  state: z.enum(['open', 'closed']).optional(),
  base: z.string().min(1).optional(),
  maintainer_can_modify: z.boolean().optional(),
});

const reviewers = z.object({ reviewers: z.array(z.string()).default([]), team_reviewers: z.array(z.string()).default([]) });

const newReviewComment = z.object({
  body: z.string().min(1),
  path: z.string().min(1),
  line: z.int().min(1),
  commit_id: z.string().optional(),
});

const merge = z.object({
  commit_title: z.string().optional(),
  commit_message: z.string().optional(),
  merge_method: z.enum(['merge', 'squash', 'rebase']).optional(),
  sha: z.string().optional(),
});

export function pullRoutes(env: SandboxEnv): Route[] {
  const base = '/repos/:owner/:repo/pulls';
  const findPull = (number: string | undefined) => {
    const record = findIssue(env, number ?? '');
    if (!isPull(record)) throw notFound();
    return record;
  };
  return [
    route('GET', base, 'token', async ({ url }) => {
      const query = url.searchParams;
      const state = query.get('state') ?? 'open';
      const headQuery = query.get('head');
      const head = headQuery ? parseHead(env, headQuery) : undefined;
      const baseBranch = query.get('base');
      const direction = query.get('direction') === 'asc' ? 1 : -1;
      const by = query.get('sort') === 'updated' ? 'updatedAt' : 'createdAt';
      const found = [...env.records.issues.values()]
        .filter(isPull)
        .filter((record) => state === 'all' || record.state === state)
        .filter((record) => !head || (record.pull.head === head.branch && record.pull.headOwner === head.owner))
        .filter((record) => !baseBranch || record.pull.base === baseBranch)
        .sort((a, b) => direction * (a[by].getTime() - b[by].getTime() || a.number - b.number));
      const page = paginate(found, url);
      // Shapes for the requested page only, each base branch resolved once for all of them.
      const tips = new Map<string, Promise<string | undefined>>();
      const tipOf = (branch: string): Promise<string | undefined> => {
        const known = tips.get(branch);
        if (known) return known;
        const resolving = env.remote.resolve(`refs/heads/${branch}`);
        tips.set(branch, resolving);
        return resolving;
      };
      const shapes = await Promise.all(page.items.map(async (record) => pullListItem(env, record, (await tipOf(record.pull.base)) ?? record.pull.headSha)));
      return { json: shapes, ...(page.link && { headers: { link: page.link } }) };
    }),
    route('POST', base, 'token', async ({ body, actor }) => {
      const record = await createPull(env, actorLogin(env, actor), parseBody(newPull, body));
      return { status: 201, json: await pullRequest(env, record) };
    }),
    route('GET', `${base}/:number`, 'token', async ({ params }) => ({ json: await pullRequest(env, findPull(params.number)) })),
    route('PATCH', `${base}/:number`, 'token', async ({ params, body, actor }) => {
      const record = findPull(params.number);
      const patch = parseBody(pullPatch, body);
      const sender = actorLogin(env, actor);
      if (patch.maintainer_can_modify !== undefined) record.pull.maintainerCanModify = patch.maintainer_can_modify;
      if (patch.base && patch.base !== record.pull.base) {
        if (!(await env.remote.resolve(`refs/heads/${patch.base}`))) throw unprocessable(`Proposed base branch '${patch.base}' was not found`);
        const from = record.pull.base;
        record.pull.base = patch.base;
        await emitIssueEvent(env, record, 'edited', sender, { changes: { base: { ref: { from } } } });
      }
      await updateIssue(env, record, { title: patch.title, body: patch.body, state: patch.state }, sender);
      return { json: await pullRequest(env, record) };
    }),
    route('GET', `${base}/:number/requested_reviewers`, 'token', ({ params }) => ({
      json: { users: findPull(params.number).pull.requestedReviewers.map((login) => simpleUser(env.urls, env.records.user(login))), teams: [] },
    })),
    route('POST', `${base}/:number/requested_reviewers`, 'token', async ({ params, body, actor }) => {
      const record = findPull(params.number);
      const input = parseBody(reviewers, body);
      if (input.team_reviewers.length > 0) throw unprocessable('Reviews may only be requested from collaborators. One or more of the teams you specified is not a collaborator of the repository.');
      await requestReviewers(env, record, input.reviewers, actorLogin(env, actor));
      return { status: 201, json: pullRequestSimple(await pullRequest(env, record)) };
    }),
    route('DELETE', `${base}/:number/requested_reviewers`, 'token', async ({ params, body, actor }) => {
      const record = findPull(params.number);
      const removed = parseBody(reviewers, body).reviewers;
      const kept = record.pull.requestedReviewers.filter((login) => !removed.includes(login));
      for (const login of record.pull.requestedReviewers.filter((candidate) => removed.includes(candidate))) {
        await emitIssueEvent(env, record, 'review_request_removed', actorLogin(env, actor), { requested_reviewer: simpleUser(env.urls, env.records.user(login)) });
      }
      record.pull.requestedReviewers = kept;
      return { json: pullRequestSimple(await pullRequest(env, record)) };
    }),
    route('GET', `${base}/:number/comments`, 'token', ({ params, url }) => {
      const { number } = findPull(params.number);
      const found = [...env.records.reviewComments.values()].filter((record) => record.pullNumber === number);
      return listed(found.map((record) => reviewComment(env, record)), url);
    }),
    route('POST', `${base}/:number/comments`, 'token', async ({ params, body, actor }) => {
      const input = parseBody(newReviewComment, body);
      const created = await createReviewComment(env, findPull(params.number), actorLogin(env, actor), { ...input, commitId: input.commit_id });
      return { status: 201, json: reviewComment(env, created) };
    }),
    route('GET', `${base}/:number/merge`, 'token', ({ params }) => {
      if (!findPull(params.number).pull.merged) throw notFound();
      return { status: 204 };
    }),
    route('PUT', `${base}/:number/merge`, 'token', async ({ params, body, actor }) => {
      const record = findPull(params.number);
      const input = parseBody(merge, body);
      if (input.merge_method === 'rebase') throw new HttpError(405, { message: 'Rebase merges are not allowed on this repository.' });
      if (input.sha && input.sha !== record.pull.headSha) throw new HttpError(409, { message: 'Head branch was modified. Review and try the merge again.' });
      const sha = await mergePull(env, record, actorLogin(env, actor), { method: input.merge_method, title: input.commit_title, message: input.commit_message });
      return { json: { sha, merged: true, message: 'Pull Request successfully merged' } };
    }),
  ];
}
