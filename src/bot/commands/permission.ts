import { PERMISSION_LEVELS, type PermissionLevel } from '../../config/index.js';
import { hasStatus, type Octokit, type Repo } from '../github.js';

/**
 * A user's permission on the repository, from the collaborator permission API:
 * never from `author_association`, which says nothing about maintain or triage and can be stale.
 * `role_name` carries maintain and triage; `permission` only the legacy admin/write/read/none, so
 * it is the fallback for custom roles.
 */
export async function permissionOf(octokit: Octokit, repo: Repo, username: string): Promise<PermissionLevel> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    return asLevel(data.role_name) ?? asLevel(data.permission) ?? 'none';
  } catch (error) {
    if (hasStatus(error, 404)) return 'none';
    throw error;
  }
}

function asLevel(value: string | undefined): PermissionLevel | undefined {
  return PERMISSION_LEVELS.find((level) => level === value);
}
