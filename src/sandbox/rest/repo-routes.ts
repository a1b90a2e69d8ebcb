import { PERMISSION_LEVELS, type PermissionLevel } from '../../config/index.js';
import type { Schema } from '../shapes/github-types.js';
import { HttpError } from '../http/http-error.js';
import { route, type Route } from '../http/router.js';
import { repositoryFacts, type SandboxEnv } from '../sandbox-env.js';
import { fullRepository } from '../shapes/repository.js';
import { simpleUser } from '../shapes/user.js';

/**
 * A user's permission on the repository. The owner is admin; anyone else holds what the sandbox
 * was told, or `read`, which is what any signed-in user has on a public repository.
 */
export function permissionOf(env: SandboxEnv, login: string): PermissionLevel {
  if (login.toLowerCase() === env.urls.owner.toLowerCase()) return 'admin';
  return env.records.permissions.get(login) ?? 'read';
}

/** GitHub's legacy `permission` field folds triage into read and maintain into write. */
function legacyPermission(level: PermissionLevel): string {
  if (level === 'triage') return 'read';
  if (level === 'maintain') return 'write';
  return level;
}

export function repoRoutes(env: SandboxEnv): Route[] {
  return [
    route('GET', '/repos/:owner/:repo', 'token', () => ({ json: fullRepository(env.urls, repositoryFacts(env)) })),
    route('GET', '/repos/:owner/:repo/collaborators/:username/permission', 'token', ({ params }) => {
      const login = params.username ?? '';
      const level = permissionOf(env, login);
      const user = simpleUser(env.urls, env.records.user(login));
      const permissions = Object.fromEntries(
        (['pull', 'triage', 'push', 'maintain', 'admin'] as const).map((key, index) => [key, PERMISSION_LEVELS.indexOf(level) >= index + 1]),
      ) as { pull: boolean; triage: boolean; push: boolean; maintain: boolean; admin: boolean };
      const body: Schema<'repository-collaborator-permission'> = {
        permission: legacyPermission(level),
        role_name: level,
        user: { ...user, permissions, role_name: level },
      };
      return { json: body };
    }),
    route('GET', '/user', 'token', ({ actor }) => {
      if (actor.kind !== 'user') throw new HttpError(403, { message: 'Resource not accessible by integration', status: '403' });
      return { json: simpleUser(env.urls, env.records.user(actor.login)) };
    }),
  ];
}
