import type { Repository, Schema, SimpleUser } from './github-types.js';
import { nodeId } from './user.js';
import { repoApi, repoWeb, type SandboxUrls } from '../http/urls.js';

export interface RepositoryFacts {
  id: number;
  owner: SimpleUser;
  defaultBranch: string;
  createdAt: string;
  pushedAt: string;
  openIssues: number;
}

export function repository(urls: SandboxUrls, facts: RepositoryFacts): Repository {
  const api = repoApi(urls);
  const web = repoWeb(urls);
  const host = new URL(urls.web).host;
  return {
    id: facts.id,
    node_id: nodeId('Repository', facts.id),
    name: urls.repo,
    full_name: `${urls.owner}/${urls.repo}`,
    license: null,
    forks: 0,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    owner: facts.owner,
    private: false,
    html_url: web,
    description: 'A repository served by the overnight sandbox',
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://${host}/${urls.owner}/${urls.repo}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@${host}:${urls.owner}/${urls.repo}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${web}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: web,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 0,
    default_branch: facts.defaultBranch,
    open_issues_count: facts.openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'public',
    pushed_at: facts.pushedAt,
    created_at: facts.createdAt,
    updated_at: facts.pushedAt,
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: false,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_forking: true,
    web_commit_signoff_required: false,
    open_issues: facts.openIssues,
    watchers: 0,
  };
}

/** `GET /repos/{owner}/{repo}` answers with the full form, which adds a few counters. */
export function fullRepository(urls: SandboxUrls, facts: RepositoryFacts): Schema<'full-repository'> {
  return {
    ...repository(urls, facts),
    has_discussions: false,
    pushed_at: facts.pushedAt,
    created_at: facts.createdAt,
    updated_at: facts.pushedAt,
    network_count: 0,
    subscribers_count: 0,
  };
}
