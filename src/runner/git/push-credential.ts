/** The GitHub token for one fetch or push to `url`; see `credentialArgs` for how it reaches git. */
export interface GitCredential {
  url: string;
  token: string;
}

/** The credential a remote needs: the token for an HTTPS remote; nothing for SSH and file remotes. */
export function credentialFor(remoteUrl: string, token: string | undefined): GitCredential | undefined {
  if (!token || !/^https:\/\//i.test(remoteUrl)) return undefined;
  return { url: remoteUrl, token };
}

// A credential helper that answers `get` with the token read from fd 3, and ignores `store` and
// `erase`. It is shell code in a config value, so no file holds it that anyone could replace.
const HELPER = `!f() { test "$1" = get || exit 0; cat >/dev/null; IFS= read -r t <&3 || exit 0; printf 'username=x-access-token\\npassword=%s\\n' "$t"; }; f`;

/**
 * How the token reaches git for one command: not in an environment variable (readable through
 * `/proc/<pid>/environ` on Linux and `ps -E` on macOS by any process of the same user, and
 * inherited by every helper git starts), not in argv, a URL or a file, but on fd 3, a socket the
 * runner writes it to and git's helper reads it from. Another process cannot open a socket through
 * `/proc/<pid>/fd`, and on macOS not at all. The helper is scoped to the remote's origin, so a
 * redirect or an `insteadOf` to another host never gets the token, and it comes after
 * `credential.helper=` (in HARDENED_CONFIG), so it is the only helper. Git asks once per command;
 * the token is written a few times in case it asks again after a retry.
 */
export function credentialArgs({ url, token }: GitCredential): { args: string[]; input: Uint8Array } {
  if (/[\r\n\0]/.test(token)) throw new Error('the GitHub token contains a line break; check GITHUB_TOKEN or `gh auth token`');
  const { protocol, host } = new URL(url);
  return {
    args: ['-c', `credential.${protocol}//${host}.helper=${HELPER}`],
    input: new TextEncoder().encode(`${token}\n`.repeat(3)),
  };
}

/**
 * The token as `GIT_CONFIG_*` variables, for a one-off `git ls-remote` run by `overnight doctor`
 * in the foreground, never while an agent runs. The runner's own fetches and pushes use
 * `credentialArgs`.
 */
export function credentialEnv(remoteUrl: string, token: string | undefined): Record<string, string> {
  if (!token || !/^https?:\/\//i.test(remoteUrl)) return {};
  const { protocol, host } = new URL(remoteUrl);
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${protocol}//${host}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}
