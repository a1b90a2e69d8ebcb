/**
 * The web root that goes with an API root, where pull requests are shown: github.com for
 * api.github.com, `<tenant>.ghe.com` for GitHub Enterprise Cloud with data residency, and the
 * server itself for GitHub Enterprise Server (`https://HOST/api/v3`) and the local stand-in.
 */
export function webUrlOf(apiUrl: string): string {
  const url = new URL(apiUrl);
  const host = url.hostname.toLowerCase();
  if (host === 'api.github.com') return 'https://github.com';
  if (host.startsWith('api.') && host.endsWith('.ghe.com')) return `https://${host.slice('api.'.length)}`;
  return url.origin;
}

/** `https://github.com/acme/widgets/pull/4`: the runner knows the number, GitHub the page. */
export function pullRequestUrl(apiUrl: string, repo: string, number: number): string {
  return `${webUrlOf(apiUrl)}/${repo}/pull/${number}`;
}
