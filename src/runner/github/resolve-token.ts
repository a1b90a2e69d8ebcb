import { execa } from 'execa';
import { findExecutable, USER_BIN_DIRS, USER_BIN_SEARCH } from '../../platform/index.js';
import { eraseInitialEnv } from './erase-initial-env.js';

export interface ResolveTokenOptions {
  /** `github.token` of the runner config. */
  mode: 'env' | 'gh';
  env?: NodeJS.ProcessEnv;
  /**
   * Take the token variables out of `env` once read (and, when `env` is this process's own, out of
   * the environment block the kernel shows in `/proc/<pid>/environ`), so the runner keeps the token
   * in memory only and no process it starts inherits it. The daemon reads the token once at start.
   */
  consume?: boolean;
  findGh?: () => string | undefined;
  exec?: (bin: string, args: string[]) => Promise<{ stdout: string; exitCode?: number | undefined }>;
  erase?: (names: readonly string[]) => unknown;
}

const TOKEN_VARIABLES = ['GITHUB_TOKEN', 'GH_TOKEN'] as const;

/** The GitHub token the runner talks to the API and pushes with (never given to the agent). */
export async function resolveToken({
  mode,
  env = process.env,
  consume = false,
  findGh = () => findExecutable('gh', { env, extraDirs: USER_BIN_DIRS }),
  exec = (bin, args) => execa(bin, args, { reject: false }),
  erase = eraseInitialEnv,
}: ResolveTokenOptions): Promise<string> {
  if (mode === 'env') {
    const token = env.GITHUB_TOKEN || env.GH_TOKEN;
    if (!token) throw new Error('github.token is "env" but neither GITHUB_TOKEN nor GH_TOKEN is set');
    if (consume) {
      for (const name of TOKEN_VARIABLES) delete env[name];
      if (env === process.env) erase(TOKEN_VARIABLES);
    }
    return token;
  }
  const gh = findGh();
  if (!gh) throw new Error(`github.token is "gh" but the gh CLI was not found on ${USER_BIN_SEARCH}`);
  const result = await exec(gh, ['auth', 'token']);
  const token = result.stdout.trim();
  if (result.exitCode !== 0 || token === '') throw new Error('`gh auth token` printed no token: run `gh auth login` first');
  return token;
}
