import type { TokenRegistry } from '../http/app-auth.js';
import { activityRoutes } from './activity-routes.js';
import type { Route } from '../http/router.js';
import { appRoutes } from './app-routes.js';
import { commentRoutes } from './comment-routes.js';
import { commitRoutes } from './commit-routes.js';
import { contentRoutes } from './content-routes.js';
import { issueRoutes } from './issue-routes.js';
import { pullRoutes } from './pull-routes.js';
import { refRoutes } from './ref-routes.js';
import { repoRoutes } from './repo-routes.js';
import type { SandboxEnv } from '../sandbox-env.js';

/** Every GitHub REST route the sandbox serves under `/api/v3`, in match order. */
export function apiRoutes(env: SandboxEnv, tokens: TokenRegistry): Route[] {
  return [
    ...appRoutes(env, tokens),
    ...repoRoutes(env),
    ...commentRoutes(env),
    ...issueRoutes(env),
    ...pullRoutes(env),
    ...refRoutes(env),
    ...commitRoutes(env),
    ...activityRoutes(env),
    ...contentRoutes(env),
  ];
}
