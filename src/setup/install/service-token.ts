import type { RunnerConfig } from '../../config/index.js';
import { findExecutable } from '../../platform/index.js';
import { findToken as defaultFindToken, webHostOf, type FindTokenOptions, type FoundToken, type TokenMode } from '../../runner/index.js';

export type ServiceToken = { ok: true; source: string } | { ok: false; problem: string; fix: string };

export interface ServiceTokenOptions {
  /** What the service manager gives the daemon: the plan's environment plus HOME and USER. */
  serviceEnv: NodeJS.ProcessEnv;
  configFile: string;
  findToken?: (options: FindTokenOptions) => Promise<FoundToken>;
}

/**
 * Can the login agent, started by launchd or systemd with only the environment overnight wrote,
 * find the GitHub token? Looked up exactly as the daemon will, in that environment: a token that
 * only lives in the shell (`"env"`) is the classic way a service never starts.
 */
export async function checkServiceToken(config: RunnerConfig, { serviceEnv, configFile, findToken = defaultFindToken }: ServiceTokenOptions): Promise<ServiceToken> {
  const mode = config.github.token as TokenMode;
  const toStore = `run \`overnight auth login\`, then set "github": { "token": "store" } in ${configFile}`;
  if (mode === 'env') {
    const found = await findToken({ mode, env: serviceEnv });
    if (found.ok) return { ok: true, source: found.source };
    return {
      ok: false,
      problem: 'github.token is "env", but the login agent starts with only PATH in its environment: it would never see GITHUB_TOKEN or GH_TOKEN and would stop at every start',
      fix: toStore,
    };
  }
  const found = await findToken({
    mode,
    env: serviceEnv,
    host: webHostOf(config.github.apiUrl),
    // Only where the service looks: its own PATH.
    findGh: () => findExecutable('gh', { env: serviceEnv }),
  });
  if (found.ok) return { ok: true, source: found.source };
  return { ok: false, problem: `the login agent could not read the token: ${found.reason}`, fix: mode === 'gh' ? `${found.fix}; or ${toStore}` : found.fix };
}
