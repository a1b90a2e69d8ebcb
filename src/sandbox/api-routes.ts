import type { TokenRegistry } from './app-auth.js';
import type { Route } from './http-router.js';
import { appRoutes } from './routes-app.js';
import { commentRoutes } from './routes-comments.js';
import { commitRoutes } from './routes-commits.js';
import { contentRoutes } from './routes-contents.js';
import { issueRoutes } from './routes-issues.js';
import { pullRoutes } from './routes-pulls.js';
import { refRoutes } from './routes-refs.js';
import { repoRoutes } from './routes-repo.js';
import type { SandboxEnv } from './sandbox-env.js';

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
    ...contentRoutes(env),
  ];
}
