import type { IncomingHttpHeaders } from 'node:http';
import type { Actor } from './app-auth.js';

/** `app`: a JWT signed with the App key. `token`: an installation or user token. `none`: open. */
export type RouteAuth = 'app' | 'token' | 'none';

export interface RouteRequest {
  method: string;
  url: URL;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
  actor: Actor;
}

export interface RouteReply {
  status?: number;
  json?: unknown;
  /** A non-JSON body (raw file contents), sent with `contentType`. */
  text?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /**
   * `/repos/:owner/:repo/issues/:number`. Parameters named `number` or `id` match digits only, so
   * `/issues/comments` never reads as issue "comments". A last `*name` takes the rest, slashes included.
   */
  path: string;
  auth: RouteAuth;
  handle: (request: RouteRequest) => Promise<RouteReply> | RouteReply;
}

export function route(method: string, path: string, auth: RouteAuth, handle: Route['handle']): Route {
  return { method, path, auth, handle };
}

export function matchRoute(routes: Route[], method: string, pathname: string): { route: Route; params: Record<string, string> } | undefined {
  const actual = pathname.split('/');
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const params = matchPath(candidate.path.split('/'), actual);
    if (params) return { route: candidate, params };
  }
  return undefined;
}

function matchPath(pattern: string[], actual: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [index, segment] of pattern.entries()) {
    if (segment.startsWith('*')) {
      params[segment.slice(1)] = actual.slice(index).map(decodeURIComponent).join('/');
      return params;
    }
    const value = actual[index];
    if (value === undefined) return undefined;
    if (segment.startsWith(':')) {
      const name = segment.slice(1);
      if (value === '' || ((name === 'number' || name === 'id') && !/^\d+$/.test(value))) return undefined;
      params[name] = decodeURIComponent(value);
    } else if (segment !== value) {
      return undefined;
    }
  }
  return pattern.length === actual.length ? params : undefined;
}
