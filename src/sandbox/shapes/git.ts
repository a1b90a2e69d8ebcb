import type { CommitFile, CommitInfo } from '../git/bare-remote.js';
import { githubTime, type Schema } from './github-types.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { nodeId, simpleUser } from './user.js';
import { repoApi, repoWeb } from '../http/urls.js';

const UNSIGNED = { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };

function shaNode(kind: string, sha: string): string {
  return nodeId(kind, Number.parseInt(sha.slice(0, 8), 16));
}

/** git prints dates with an offset (`+00:00`); GitHub answers in UTC with `Z`. */
const person = (who: CommitInfo['author']) => ({ ...who, date: githubTime(new Date(who.date)) });

export function gitRef(env: SandboxEnv, ref: string, sha: string): Schema<'git-ref'> {
  const api = repoApi(env.urls);
  return { ref, node_id: nodeId('Ref', ref.length), url: `${api}/git/${ref}`, object: { type: 'commit', sha, url: `${api}/git/commits/${sha}` } };
}

export function gitCommit(env: SandboxEnv, info: CommitInfo): Schema<'git-commit'> {
  const api = repoApi(env.urls);
  return {
    sha: info.sha,
    node_id: shaNode('Commit', info.sha),
    url: `${api}/git/commits/${info.sha}`,
    html_url: `${repoWeb(env.urls)}/commit/${info.sha}`,
    author: person(info.author),
    committer: person(info.committer),
    message: info.message,
    tree: { sha: info.tree, url: `${api}/git/trees/${info.tree}` },
    parents: info.parents.map((sha) => ({ sha, url: `${api}/git/commits/${sha}`, html_url: `${repoWeb(env.urls)}/commit/${sha}` })),
    verification: UNSIGNED,
  };
}

export function diffEntry(env: SandboxEnv, sha: string, file: CommitFile): Schema<'diff-entry'> {
  const path = file.path.split('/').map(encodeURIComponent).join('/');
  return {
    sha: null,
    filename: file.path,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${repoWeb(env.urls)}/blob/${sha}/${path}`,
    raw_url: `${repoWeb(env.urls)}/raw/${sha}/${path}`,
    contents_url: `${repoApi(env.urls)}/contents/${path}?ref=${sha}`,
  };
}

/** The repository-level commit (`GET /repos/{o}/{r}/commits/{ref}`): git data plus GitHub users. */
export function commit(env: SandboxEnv, info: CommitInfo, files?: CommitFile[]): Schema<'commit'> {
  const api = repoApi(env.urls);
  const git = gitCommit(env, info);
  const userFor = (name: string) => (env.records.users.has(name) ? simpleUser(env.urls, env.records.user(name)) : null);
  const additions = files?.reduce((sum, file) => sum + file.additions, 0) ?? 0;
  const deletions = files?.reduce((sum, file) => sum + file.deletions, 0) ?? 0;
  return {
    url: `${api}/commits/${info.sha}`,
    sha: info.sha,
    node_id: git.node_id,
    html_url: git.html_url,
    comments_url: `${api}/commits/${info.sha}/comments`,
    commit: { url: git.url, author: git.author, committer: git.committer, message: info.message, comment_count: 0, tree: git.tree, verification: UNSIGNED },
    author: userFor(info.author.name),
    committer: userFor(info.committer.name),
    parents: git.parents,
    ...(files && { stats: { additions, deletions, total: additions + deletions }, files: files.map((file) => diffEntry(env, info.sha, file)) }),
  };
}
