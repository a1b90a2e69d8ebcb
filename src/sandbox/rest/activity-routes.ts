import { listed } from '../http/paginate.js';
import { route, type Route } from '../http/router.js';
import { githubTime, type Schema } from '../shapes/github-types.js';
import { nodeId, simpleUser } from '../shapes/user.js';
import type { SandboxEnv } from '../sandbox-env.js';

/**
 * `GET /repos/{o}/{r}/activity`: branch pushes, force pushes, creations and deletions, newest first
 * by default, filtered by `ref` (`refs/heads/x` or `x`) and `activity_type`. The runner reads the
 * time of a PR branch's last push here.
 */
export function activityRoutes(env: SandboxEnv): Route[] {
  return [
    route('GET', '/repos/:owner/:repo/activity', 'token', async ({ url }) => {
      const ref = url.searchParams.get('ref');
      const wanted = ref === null ? undefined : ref.startsWith('refs/') ? ref : `refs/heads/${ref}`;
      const type = url.searchParams.get('activity_type');
      const matching = env.records.activities.filter((activity) => (!wanted || activity.ref === wanted) && (!type || activity.type === type));
      const ordered = url.searchParams.get('direction') === 'asc' ? matching : [...matching].reverse();
      const shapes = ordered.map(
        (activity): Schema<'activity'> => ({
          id: activity.id,
          node_id: nodeId('Activity', activity.id),
          before: activity.before,
          after: activity.after,
          ref: activity.ref,
          timestamp: githubTime(activity.at),
          activity_type: activity.type,
          actor: simpleUser(env.urls, env.records.user(activity.actor)),
        }),
      );
      return listed(shapes, url);
    }),
  ];
}
