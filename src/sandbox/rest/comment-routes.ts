import { z } from 'zod';
import { notFound } from '../http/http-error.js';
import { route, type Route } from '../http/router.js';
import { createComment, deleteComment, updateComment } from '../state/issue-actions.js';
import { parseBody } from '../http/request-listener.js';
import { listed } from '../http/paginate.js';
import { actorLogin, findIssue, type SandboxEnv } from '../sandbox-env.js';
import { comment, reaction } from '../shapes/issue.js';
import { REACTION_CONTENTS, type ReactionSubject } from '../state/records.js';

const commentBody = z.object({ body: z.string().min(1) });
const reactionBody = z.object({ content: z.enum(REACTION_CONTENTS) });

/** Issue and pull request comments, and reactions on issues and on comments. */
export function commentRoutes(env: SandboxEnv): Route[] {
  const base = '/repos/:owner/:repo';
  const findComment = (id: string | undefined) => {
    const found = env.records.comments.get(Number(id));
    if (!found) throw notFound();
    return found;
  };
  const subjectOf = (params: Record<string, string>): ReactionSubject =>
    params.number !== undefined
      ? { kind: 'issue', number: findIssue(env, params.number).number }
      : { kind: 'comment', id: findComment(params.id).id };

  const reactionRoutes = (path: string): Route[] => [
    route('GET', path, 'token', ({ params, url }) => {
      const content = url.searchParams.get('content');
      const found = env.records.reactionsOn(subjectOf(params)).filter((record) => !content || record.content === content);
      return listed(found.map((record) => reaction(env, record)), url);
    }),
    // A second identical reaction by the same user is answered 200 with the first, as on GitHub.
    route('POST', path, 'token', ({ params, body, actor }) => {
      const subject = subjectOf(params);
      const { content } = parseBody(reactionBody, body);
      const user = actorLogin(env, actor);
      const existing = env.records.reactionsOn(subject).find((record) => record.user === user && record.content === content);
      if (existing) return { status: 200, json: reaction(env, existing) };
      const created = { id: env.records.nextId(), subject, content, user: env.records.user(user).login, createdAt: env.now() };
      env.records.reactions.push(created);
      return { status: 201, json: reaction(env, created) };
    }),
  ];

  return [
    route('GET', `${base}/issues/:number/comments`, 'token', ({ params, url }) => {
      const since = url.searchParams.get('since');
      const found = env.records.commentsOn(findIssue(env, params.number ?? '').number).filter((record) => !since || record.updatedAt.getTime() >= Date.parse(since));
      return listed(found.map((record) => comment(env, record)), url);
    }),
    route('POST', `${base}/issues/:number/comments`, 'token', ({ params, body, actor }) => {
      const record = findIssue(env, params.number ?? '');
      const created = createComment(env, record, parseBody(commentBody, body).body, actorLogin(env, actor));
      return { status: 201, json: comment(env, created) };
    }),
    route('GET', `${base}/issues/comments`, 'token', ({ url }) => listed([...env.records.comments.values()].map((record) => comment(env, record)), url)),
    route('GET', `${base}/issues/comments/:id`, 'token', ({ params }) => ({ json: comment(env, findComment(params.id)) })),
    route('PATCH', `${base}/issues/comments/:id`, 'token', ({ params, body, actor }) => {
      const found = findComment(params.id);
      updateComment(env, found, parseBody(commentBody, body).body, actorLogin(env, actor));
      return { json: comment(env, found) };
    }),
    route('DELETE', `${base}/issues/comments/:id`, 'token', ({ params, actor }) => {
      deleteComment(env, findComment(params.id), actorLogin(env, actor));
      return { status: 204 };
    }),
    ...reactionRoutes(`${base}/issues/:number/reactions`),
    ...reactionRoutes(`${base}/issues/comments/:id/reactions`),
  ];
}
