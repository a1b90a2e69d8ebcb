import type { Schema } from '../shapes/github-types.js';
import { notFound } from '../http/http-error.js';
import { route, type Route } from '../http/router.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { repoApi, repoWeb } from '../http/urls.js';

/** Base64 the way GitHub sends file contents: wrapped at 60 characters, ending with a newline. */
function wrappedBase64(content: Buffer): string {
  return `${(content.toString('base64').match(/.{1,60}/g) ?? []).join('\n')}\n`;
}

/**
 * `GET /repos/{o}/{r}/contents/{path}` from the bare remote (default branch unless `ref`): a file as
 * base64 JSON, or raw text when asked with the raw media type (as probot's config plugin asks for
 * `.github/overnight.yml`), a directory as its listing, 404 for anything else.
 */
export function contentRoutes(env: SandboxEnv): Route[] {
  return [
    route('GET', '/repos/:owner/:repo/contents/*path', 'token', async ({ params, url, headers }) => {
      const path = (params.path ?? '').replace(/\/$/, '');
      const ref = url.searchParams.get('ref') ?? env.defaultBranch;
      const rev = await env.remote.resolve(ref);
      if (!rev) throw notFound();
      const links = (sha: string, kind: 'blob' | 'tree', at: string) => {
        const self = `${repoApi(env.urls)}/contents/${at}?ref=${ref}`;
        const git = `${repoApi(env.urls)}/git/${kind}s/${sha}`;
        const html = `${repoWeb(env.urls)}/${kind}/${ref}/${at}`;
        return { url: self, git_url: git, html_url: html, _links: { git, html, self } };
      };

      const file = path === '' ? undefined : await env.remote.readBlob(rev, path);
      if (file && /raw/.test(headers.accept ?? '')) return { text: file.content, contentType: 'text/plain; charset=utf-8' };
      if (file) {
        const body: Schema<'content-file'> = {
          type: 'file',
          encoding: 'base64',
          size: file.content.length,
          name: path.split('/').at(-1) ?? path,
          path,
          content: wrappedBase64(file.content),
          sha: file.sha,
          download_url: `${repoWeb(env.urls)}/raw/${ref}/${path}`,
          ...links(file.sha, 'blob', path),
        };
        return { json: body };
      }

      const entries = await env.remote.listDir(rev, path);
      if (!entries) throw notFound();
      return {
        json: entries.map((entry) => {
          const at = path === '' ? entry.name : `${path}/${entry.name}`;
          return { type: entry.type, size: 0, name: entry.name, path: at, sha: entry.sha, download_url: null, ...links(entry.sha, entry.type === 'dir' ? 'tree' : 'blob', at) };
        }),
      };
    }),
  ];
}
