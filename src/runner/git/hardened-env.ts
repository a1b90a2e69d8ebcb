/**
 * `GIT_*` variables the runner's git keeps from its own environment: how to reach the remote (SSH
 * command, TLS certificates, proxy authentication). Every other one is dropped, since each would
 * change which repository, config, object store or program git uses (`GIT_DIR`, `GIT_CONFIG_*`,
 * `GIT_EXTERNAL_DIFF`, `GIT_ASKPASS`...) or record what it sends (`GIT_TRACE_*`).
 */
const KEPT_GIT_VARIABLE = /^GIT_(SSH|SSH_COMMAND|SSH_VARIANT|SSL_CAINFO|SSL_CAPATH|SSL_NO_VERIFY|HTTP_PROXY_AUTHMETHOD|PROXY_SSL_\w+|EXEC_PATH)$/;

/** Git never needs them: the token reaches git only for a fetch or a push, on a socket (push-credential.ts). */
const TOKEN_VARIABLES = new Set(['GITHUB_TOKEN', 'GH_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN']);

/**
 * The environment of every runner git command: the runner's own minus the `GIT_*` variables above
 * and any GitHub token variable,
 * no system config, a runner-owned global config (the identity; /dev/null when none is given), no
 * prompt for a credential at 3 a.m., no replace refs, and messages in one language to parse.
 */
export function hardenedGitEnv(from: NodeJS.ProcessEnv, globalConfig: string | undefined): Record<string, string> {
  const kept = Object.entries(from).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && !TOKEN_VARIABLES.has(entry[0]) && (!entry[0].startsWith('GIT_') || KEPT_GIT_VARIABLE.test(entry[0])),
  );
  return {
    ...Object.fromEntries(kept),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: globalConfig ?? '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
    LC_ALL: 'C',
  };
}
