/** The web host an API root belongs to: what `gh auth token --hostname` and remote URLs name. */
export function webHostOf(apiUrl: string): string {
  const host = new URL(apiUrl).hostname.toLowerCase();
  if (host === 'api.github.com') return 'github.com';
  // GitHub Enterprise Cloud with data residency serves its API from api.<tenant>.ghe.com.
  if (host.startsWith('api.') && host.endsWith('.ghe.com')) return host.slice('api.'.length);
  return host;
}
