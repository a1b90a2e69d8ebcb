import type { TokenRegistry } from '../http/app-auth.js';
import { githubTime, type Schema } from '../shapes/github-types.js';
import { HttpError, notFound } from '../http/http-error.js';
import { route, type Route } from '../http/router.js';
import { botLogin, repositoryShape, type SandboxEnv } from '../sandbox-env.js';
import { nodeId, simpleUser } from '../shapes/user.js';

/** What the App may do, and the events it hears: exactly what overnight's app.yml asks for. */
const PERMISSIONS = { contents: 'write', issues: 'write', pull_requests: 'write', metadata: 'read' } as const;
const EVENTS = ['issues', 'issue_comment', 'pull_request', 'push'];

function installation(env: SandboxEnv): Schema<'installation'> {
  const created = githubTime(env.createdAt);
  return {
    id: env.installationId,
    account: simpleUser(env.urls, env.records.user(env.urls.owner)),
    repository_selection: 'selected',
    access_tokens_url: `${env.urls.api}/app/installations/${env.installationId}/access_tokens`,
    repositories_url: `${env.urls.api}/installation/repositories`,
    html_url: `${env.urls.web}/settings/installations/${env.installationId}`,
    app_id: env.appId,
    target_id: env.records.user(env.urls.owner).id,
    target_type: 'User',
    permissions: PERMISSIONS,
    events: EVENTS,
    created_at: created,
    updated_at: created,
    single_file_name: null,
    app_slug: env.appSlug,
    suspended_by: null,
    suspended_at: null,
  };
}

function app(env: SandboxEnv): NonNullable<Schema<'integration'>> {
  const created = githubTime(env.createdAt);
  return {
    id: env.appId,
    slug: env.appSlug,
    node_id: nodeId('App', env.appId),
    owner: simpleUser(env.urls, env.records.user(env.urls.owner)),
    name: env.appSlug,
    description: 'The overnight bot, as installed on the sandbox',
    external_url: env.urls.web,
    html_url: `${env.urls.web}/apps/${env.appSlug}`,
    created_at: created,
    updated_at: created,
    permissions: PERMISSIONS,
    events: EVENTS,
    installations_count: 1,
  };
}

/** App (JWT) endpoints, and the installation's own view of its repositories. */
export function appRoutes(env: SandboxEnv, tokens: TokenRegistry): Route[] {
  const ownInstallation = (id: string | undefined) => {
    if (Number(id) !== env.installationId) throw notFound();
    return installation(env);
  };
  return [
    route('GET', '/app', 'app', () => ({ json: app(env) })),
    route('GET', '/app/installations', 'app', () => ({ json: [installation(env)] })),
    route('GET', '/app/installations/:id', 'app', ({ params }) => ({ json: ownInstallation(params.id) })),
    route('GET', '/repos/:owner/:repo/installation', 'app', () => ({ json: installation(env) })),
    route('POST', '/app/installations/:id/access_tokens', 'app', ({ params }) => {
      ownInstallation(params.id);
      const issued = tokens.issueInstallation(env.installationId, botLogin(env), env.now());
      const body: Schema<'installation-token'> = {
        token: issued.token,
        expires_at: githubTime(issued.expiresAt),
        permissions: PERMISSIONS,
        repository_selection: 'selected',
      };
      return { status: 201, json: body };
    }),
    route('GET', '/installation/repositories', 'token', ({ actor }) => {
      if (actor.kind !== 'installation') {
        throw new HttpError(403, { message: 'You must authenticate with an installation access token in order to list repositories for an installation.', status: '403' });
      }
      return { json: { total_count: 1, repository_selection: 'selected', repositories: [repositoryShape(env)] } };
    }),
  ];
}
