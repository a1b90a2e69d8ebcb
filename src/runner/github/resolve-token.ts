import { execa } from 'execa';
import { findExecutable, USER_BIN_DIRS, USER_BIN_SEARCH } from '../../platform/index.js';

export interface ResolveTokenOptions {
  /** `github.token` of the runner config. */
  mode: 'env' | 'gh';
  env?: NodeJS.ProcessEnv;
  findGh?: () => string | undefined;
  exec?: (bin: string, args: string[]) => Promise<{ stdout: string; exitCode?: number | undefined }>;
}

/** The GitHub token the runner talks to the API and pushes with (never given to the agent). */
export async function resolveToken({
  mode,
  env = process.env,
  findGh = () => findExecutable('gh', { env, extraDirs: USER_BIN_DIRS }),
  exec = (bin, args) => execa(bin, args, { reject: false }),
}: ResolveTokenOptions): Promise<string> {
  if (mode === 'env') {
    const token = env.GITHUB_TOKEN || env.GH_TOKEN;
    if (!token) throw new Error('github.token is "env" but neither GITHUB_TOKEN nor GH_TOKEN is set');
    return token;
  }
  const gh = findGh();
  if (!gh) throw new Error(`github.token is "gh" but the gh CLI was not found on ${USER_BIN_SEARCH}`);
  const result = await exec(gh, ['auth', 'token']);
  const token = result.stdout.trim();
  if (result.exitCode !== 0 || token === '') throw new Error('`gh auth token` printed no token: run `gh auth login` first');
  return token;
}
