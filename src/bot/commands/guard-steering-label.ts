import type { Logger } from 'probot';
import { permissionAtLeast, type PermissionLevel, type RepoConfig } from '../../config/index.js';
import { isSteeringLabel } from '../../protocol/index.js';
import type { BotLogin } from '../bot-login.js';
import { commentOnce } from '../comment-once.js';
import { removeLabel } from '../goals/ensure-labels.js';
import type { Octokit, Repo } from '../github.js';
import { permissionOf } from './permission.js';

export type SteeringLabelResult = 'not-steering' | 'set-by-app' | 'permitted' | { removed: PermissionLevel };

/**
 * A steering label (`agent:*`, `priority:high|low`, `overnight:paused`) someone just added to an
 * issue or PR. It does what an `/overnight` command does, so it takes the same permission: added
 * by anyone below `commandPermission`, it is removed again and the thread says why. Labels added
 * by GitHub Apps stay, this bot's own (set for permitted commands) first among them: installing
 * an app on the repository takes an admin.
 */
export async function guardSteeringLabel(
  octokit: Octokit,
  repo: Repo,
  input: {
    number: number;
    label: string;
    sender: { login: string; type: string };
    config: RepoConfig;
    self: BotLogin;
    /** When the thread last changed: an explanation posted since then is this event's (a redelivery). */
    since?: string;
    log?: Logger;
  },
): Promise<SteeringLabelResult> {
  const { label, sender, config } = input;
  if (!isSteeringLabel(label)) return 'not-steering';
  if (sender.type === 'Bot') return 'set-by-app';
  const permission = await permissionOf(octokit, repo, sender.login);
  if (permissionAtLeast(permission, config.commandPermission)) return 'permitted';

  await removeLabel(octokit, repo, input.number, label);
  await commentOnce(octokit, repo, input.number, {
    marker: `label-refused-${label}-${sender.login}`,
    self: input.self,
    ...(input.since ? { since: input.since } : {}),
    body:
      `@${sender.login}, the \`${label}\` label steers the overnight runner, so only people with **${config.commandPermission}** ` +
      `permission or higher on this repository may add it (yours: ${permission}). It was removed again; ask someone with ` +
      `${config.commandPermission} permission to add it or to give the matching \`/overnight\` command.`,
  });
  input.log?.info({ label, actor: sender.login, permission }, 'removed a steering label added without permission');
  return { removed: permission };
}
