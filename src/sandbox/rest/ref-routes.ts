import { execa } from 'execa';
import { z } from 'zod';
import { ZERO_SHA } from '../git/bare-remote.js';
import { notFound, unprocessable } from '../http/http-error.js';
import { route, type Route } from '../http/router.js';
import { announceRefUpdates } from '../git/ref-events.js';
import { parseBody } from '../http/request-listener.js';
import { actorLogin, type SandboxEnv } from '../sandbox-env.js';
import { gitCommit, gitRef } from '../shapes/git.js';
import { githubTime } from '../shapes/github-types.js';

const newRef = z.object({ ref: z.string(), sha: z.string().regex(/^[0-9a-f]{40}$/) });
const refPatch = z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/), force: z.boolean().default(false) });
const person = z.object({ name: z.string(), email: z.string(), date: z.string().optional() });
const newCommit = z.object({
  message: z.string(),
  tree: z.string().regex(/^[0-9a-f]{40}$/),
  parents: z.array(z.string().regex(/^[0-9a-f]{40}$/)).default([]),
  author: person.optional(),
  committer: person.optional(),
});

/**
 * Git data: refs (how runners claim goals without force: creating an existing ref is a 422) and
 * commits. Ref changes made here send `push` webhooks, as GitHub does for API-made refs.
 */
export function refRoutes(env: SandboxEnv): Route[] {
  const base = '/repos/:owner/:repo/git';
  const current = async (ref: string) => (await env.remote.refs(ref)).find((entry) => entry.ref === ref)?.sha;
  return [
    route('GET', `${base}/matching-refs/*ref`, 'token', async ({ params }) => {
      const prefix = `refs/${params.ref ?? ''}`;
      const all = await env.remote.refs('refs/');
      return { json: all.filter((entry) => entry.ref.startsWith(prefix)).map((entry) => gitRef(env, entry.ref, entry.sha)) };
    }),
    route('GET', `${base}/ref/*ref`, 'token', async ({ params }) => {
      const ref = `refs/${params.ref ?? ''}`;
      const sha = await current(ref);
      if (!sha) throw notFound();
      return { json: gitRef(env, ref, sha) };
    }),
    route('POST', `${base}/refs`, 'token', async ({ body, actor }) => {
      const input = parseBody(newRef, body);
      const valid = input.ref.startsWith('refs/') && input.ref.split('/').length >= 3;
      const formatted = await execa('git', ['check-ref-format', input.ref], { reject: false });
      if (!valid || formatted.exitCode !== 0) throw unprocessable('Reference name is not valid');
      if (!(await env.remote.resolve(input.sha))) throw unprocessable('Object does not exist');
      if (!(await env.remote.updateRef(input.ref, input.sha, ZERO_SHA))) throw unprocessable('Reference already exists');
      await announceRefUpdates(env, [{ before: ZERO_SHA, after: input.sha, ref: input.ref }], actorLogin(env, actor));
      return { status: 201, json: gitRef(env, input.ref, input.sha) };
    }),
    route('PATCH', `${base}/refs/*ref`, 'token', async ({ params, body, actor }) => {
      const ref = `refs/${params.ref ?? ''}`;
      const input = parseBody(refPatch, body);
      const before = await current(ref);
      if (!before) throw unprocessable('Reference does not exist');
      if (!(await env.remote.resolve(input.sha))) throw unprocessable('Object does not exist');
      if (!input.force && !(await env.remote.isAncestor(before, input.sha))) throw unprocessable('Update is not a fast forward');
      if (!(await env.remote.updateRef(ref, input.sha, before))) throw unprocessable('Reference cannot be updated');
      await announceRefUpdates(env, [{ before, after: input.sha, ref }], actorLogin(env, actor));
      return { json: gitRef(env, ref, input.sha) };
    }),
    route('DELETE', `${base}/refs/*ref`, 'token', async ({ params, actor }) => {
      const ref = `refs/${params.ref ?? ''}`;
      const before = await current(ref);
      if (!before || !(await env.remote.deleteRef(ref, before))) throw unprocessable('Reference does not exist');
      await announceRefUpdates(env, [{ before, after: ZERO_SHA, ref }], actorLogin(env, actor));
      return { status: 204 };
    }),
    route('GET', `${base}/commits/:sha`, 'token', async ({ params }) => {
      const sha = await env.remote.resolve(params.sha ?? '');
      if (!sha || sha !== params.sha) throw notFound();
      return { json: gitCommit(env, await env.remote.commit(sha)) };
    }),
    route('POST', `${base}/commits`, 'token', async ({ body, actor }) => {
      const input = parseBody(newCommit, body);
      const type = await env.remote.git(['cat-file', '-t', input.tree]).catch(() => '');
      if (type.trim() !== 'tree') throw unprocessable('Tree SHA does not exist');
      for (const parent of input.parents) if (!(await env.remote.resolve(parent))) throw unprocessable('Parent SHA does not exist or is not a commit object');
      const login = actorLogin(env, actor);
      // As GitHub: the author defaults to the caller and its date to GitHub's now; the committer to the author.
      const author = { name: login, email: `${login}@users.noreply.${new URL(env.urls.web).host}`, ...input.author };
      const authored = { ...author, date: author.date ?? githubTime(env.now()) };
      const committer = input.committer ? { ...input.committer, date: input.committer.date ?? authored.date } : authored;
      const sha = await env.remote.commitTree(input.tree, input.parents, input.message, authored, committer);
      return { status: 201, json: gitCommit(env, await env.remote.commit(sha)) };
    }),
  ];
}
