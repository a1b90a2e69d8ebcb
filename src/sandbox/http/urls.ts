/** Where the sandbox's resources live, built the way GitHub Enterprise lays them out. */
export interface SandboxUrls {
  /** `http://127.0.0.1:PORT` — the web (html_url) side. */
  readonly web: string;
  /** `http://127.0.0.1:PORT/api/v3` — the REST side. */
  readonly api: string;
  readonly owner: string;
  readonly repo: string;
}

export function repoApi(urls: SandboxUrls): string {
  return `${urls.api}/repos/${urls.owner}/${urls.repo}`;
}

export function repoWeb(urls: SandboxUrls): string {
  return `${urls.web}/${urls.owner}/${urls.repo}`;
}
