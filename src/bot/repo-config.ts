import { REPO_CONFIG_PATH, repoConfigSchema, type RepoConfig } from '../config/index.js';
import type { Octokit, Repo } from './github.js';


export interface LoadedRepoConfig {
  config: RepoConfig;
  /** Why `.github/overnight.yml` was not used; defaults apply meanwhile. */
  problem?: string;
}

/**
 * Parses the repository's `.github/overnight.yml` once, at the boundary. `read` is
 * `() => context.config('overnight.yml')` in a handler and `fetchRepoConfig` elsewhere.
 * A file that is not YAML or does not fit the schema is a problem to report, not a crash.
 */
export async function readRepoConfigOrDefaults(read: () => Promise<unknown>): Promise<LoadedRepoConfig> {
  let raw: unknown;
  try {
    raw = await read();
  } catch (error) {
    // HTTP failures (rate limit, outage) are not the user's file: let the delivery fail and retry.
    if (typeof (error as { status?: unknown }).status === 'number') throw error;
    return { config: repoConfigSchema.parse({}), problem: `${REPO_CONFIG_PATH} could not be read: ${cleanMessage(error)}` };
  }
  const parsed = repoConfigSchema.safeParse(raw ?? {});
  if (parsed.success) return { config: parsed.data };
  const issues = parsed.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    return `- \`${path}\`: ${issue.message}`;
  });
  return { config: repoConfigSchema.parse({}), problem: `${REPO_CONFIG_PATH} is invalid:\n${issues.join('\n')}` };
}

/** The same file `context.config` reads (falling back to the owner's `.github` repository), without a Context. */
export async function fetchRepoConfig(octokit: Octokit, repo: Repo): Promise<unknown> {
  const { config } = await octokit.config.get({ ...repo, path: REPO_CONFIG_PATH });
  return config;
}

function cleanMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^\[@probot\/octokit-plugin-config\]\s*/, '');
}
