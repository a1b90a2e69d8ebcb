/**
 * The git environment that lets the runner (and only the runner) fetch and push over HTTPS with
 * the GitHub token. It travels as `GIT_CONFIG_*` variables (git >= 2.31), so it is in no argv,
 * no remote URL, no `.git/config` the agent could read, and no log line; the agent's environment
 * is built separately and never gets it. SSH and file remotes need nothing.
 */
export function credentialEnv(remoteUrl: string, token: string | undefined): Record<string, string> {
  if (!token || !/^https?:\/\//i.test(remoteUrl)) return {};
  const { protocol, host } = new URL(remoteUrl);
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    // Scoped to the remote's host, the way actions/checkout scopes its extraheader.
    GIT_CONFIG_KEY_0: `http.${protocol}//${host}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}
