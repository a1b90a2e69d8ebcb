/** What a git remote URL says about the GitHub repository behind it. */
export interface GithubRemote {
  /** "owner/name". */
  github: string;
  /** The web host: "github.com" or a GitHub Enterprise host. */
  host: string;
  /** The REST API root for that host. */
  apiUrl: string;
}

const OWNER_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * Parses https, ssh (`ssh://git@host/o/r.git` and scp-like `git@host:o/r.git`) and git:// remote
 * URLs. Anything else (a local path, a file:// URL) is no GitHub repository: undefined.
 */
export function parseGithubRemote(url: string): GithubRemote | undefined {
  const parts = splitRemote(url.trim());
  if (!parts) return undefined;
  const path = parts.path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  if (!OWNER_NAME.test(path)) return undefined;
  const host = canonicalHost(parts.host);
  return { github: path, host, apiUrl: apiUrlFor(host, parts.webPort) };
}

/** The remote URL with any user name and password removed, safe to print and to write to a config. */
export function redactRemoteUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

interface RemoteParts {
  host: string;
  path: string;
  /** A port that is the web server's (https/http), which the API shares. */
  webPort?: string;
}

function splitRemote(url: string): RemoteParts | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    const scheme = parsed.protocol.replace(/:$/, '').toLowerCase();
    if (!['https', 'http', 'ssh', 'git', 'git+ssh', 'ssh+git'].includes(scheme) || parsed.hostname === '') return undefined;
    const web = scheme === 'https' || scheme === 'http';
    return { host: parsed.hostname, path: decodeURIComponent(parsed.pathname), ...(web && parsed.port ? { webPort: parsed.port } : {}) };
  }
  // scp-like syntax: [user@]host:path, where the host has no slash (else git reads a local path).
  // A one-letter "host" is a Windows drive (C:/repos/widgets).
  const scp = /^(?:[^@/]+@)?([^:/]{2,}):(?!\/\/)(.+)$/.exec(url);
  if (scp && scp[1] && scp[2]) return { host: scp[1], path: scp[2] };
  return undefined;
}

function canonicalHost(host: string): string {
  const lower = host.toLowerCase();
  // ssh.github.com is SSH over port 443; "github.com-work" is the usual ~/.ssh/config alias for a
  // second key, which still means github.com.
  if (lower === 'www.github.com' || lower === 'ssh.github.com' || /^github\.com[-_]/.test(lower)) return 'github.com';
  return lower;
}

function apiUrlFor(host: string, webPort: string | undefined): string {
  if (host === 'github.com') return 'https://api.github.com';
  // GitHub Enterprise Cloud with data residency serves its API from api.<tenant>.ghe.com.
  if (host.endsWith('.ghe.com')) return `https://api.${host}`;
  return `https://${host}${webPort ? `:${webPort}` : ''}/api/v3`;
}
