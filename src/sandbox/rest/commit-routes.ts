import { notFound } from '../http/http-error.js';
import { route, type Route } from '../http/router.js';
import type { Schema } from '../shapes/github-types.js';
import { listed } from '../http/paginate.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { commit, diffEntry } from '../shapes/git.js';
import { repoApi, repoWeb } from '../http/urls.js';

/** Branches, commits and compare, all read from the bare remote. */
export function commitRoutes(env: SandboxEnv): Route[] {
  const base = '/repos/:owner/:repo';
  const resolve = async (rev: string) => {
    const sha = await env.remote.resolve(rev);
    if (!sha) throw notFound();
    return sha;
  };
  return [
    route('GET', `${base}/branches`, 'token', async ({ url }) => {
      const branches = await env.remote.refs('refs/heads/');
      const shapes: Array<Schema<'short-branch'>> = branches.map((entry) => ({
        name: entry.ref.replace(/^refs\/heads\//, ''),
        commit: { sha: entry.sha, url: `${repoApi(env.urls)}/commits/${entry.sha}` },
        protected: false,
      }));
      return listed(shapes, url);
    }),
    route('GET', `${base}/branches/*branch`, 'token', async ({ params }) => {
      const name = params.branch ?? '';
      const sha = await resolve(`refs/heads/${name}`);
      const api = repoApi(env.urls);
      return {
        json: {
          name,
          commit: commit(env, await env.remote.commit(sha)),
          _links: { html: `${repoWeb(env.urls)}/tree/${name}`, self: `${api}/branches/${name}` },
          protected: false,
          protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
          protection_url: `${api}/branches/${name}/protection`,
        } satisfies Schema<'branch-with-protection'>,
      };
    }),
    route('GET', `${base}/commits`, 'token', async ({ url }) => {
      const head = await resolve(url.searchParams.get('sha') ?? `refs/heads/${env.defaultBranch}`);
      const shas = (await env.remote.commitsBetween(head, [])).reverse();
      return listed(await Promise.all(shas.map(async (sha) => commit(env, await env.remote.commit(sha)))), url);
    }),
    route('GET', `${base}/commits/*ref`, 'token', async ({ params }) => {
      const sha = await resolve(params.ref ?? '');
      return { json: commit(env, await env.remote.commit(sha), await env.remote.changedFiles(sha)) };
    }),
    route('GET', `${base}/compare/*basehead`, 'token', async ({ params }) => {
      const [baseRev = '', headRev = ''] = (params.basehead ?? '').split('...');
      const [baseSha, headSha] = [await resolve(baseRev), await resolve(headRev)];
      const mergeBase = (await env.remote.git(['merge-base', baseSha, headSha])).trim();
      const ahead = await env.remote.commitsBetween(headSha, [baseSha]);
      const behind = await env.remote.commitsBetween(baseSha, [headSha]);
      const files = await env.remote.changedFiles(headSha, mergeBase);
      const web = `${repoWeb(env.urls)}/compare/${baseRev}...${headRev}`;
      const status = ahead.length && behind.length ? 'diverged' : ahead.length ? 'ahead' : behind.length ? 'behind' : 'identical';
      const body: Schema<'commit-comparison'> = {
        url: `${repoApi(env.urls)}/compare/${baseRev}...${headRev}`,
        html_url: web,
        permalink_url: `${repoWeb(env.urls)}/compare/${baseSha}...${headSha}`,
        diff_url: `${web}.diff`,
        patch_url: `${web}.patch`,
        base_commit: commit(env, await env.remote.commit(baseSha)),
        merge_base_commit: commit(env, await env.remote.commit(mergeBase)),
        status,
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: await Promise.all(ahead.map(async (sha) => commit(env, await env.remote.commit(sha)))),
        files: files.map((file) => diffEntry(env, headSha, file)),
      };
      return { json: body };
    }),
  ];
}
