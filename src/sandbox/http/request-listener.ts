import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ZodType } from 'zod';
import type { Actor } from './app-auth.js';
import type { FaultInjector } from './faults.js';
import { HttpError, notFound, unauthorized, unprocessable } from './http-error.js';
import { meetFault } from './meet-fault.js';
import { actorRecord, type NewRequestRecord } from './request-log.js';
import { matchRoute, type Route, type RouteReply } from './router.js';

export interface ListenerOptions {
  /** GitHub's REST paths, served under `/api/v3` as on GitHub Enterprise. */
  api: Route[];
  /** The sandbox's own API, served under `/_sandbox`. */
  control: Route[];
  authenticate: (authorization: string | undefined) => Actor;
  /** Whether `owner/repo` names the one repository the sandbox serves. */
  servesRepo: (owner: string, repo: string) => boolean;
  /** GitHub's clock: every answer's `Date` header. */
  now: () => Date;
  /** Faults armed on every path but the control API's. */
  faults?: FaultInjector;
  /** Told of every request under `/api/v3` just before its answer goes out, errors included (a fault's hits are the faults' own record). */
  onApiRequest?: (served: Omit<NewRequestRecord, 'at'>) => void;
}

/** What handling learnt about a request before it was answered (or failed). */
interface Seen {
  route?: string;
  actor: Actor;
}

const API_PREFIX = '/api/v3';
const CONTROL_PREFIX = '/_sandbox';

export function createRequestListener(options: ListenerOptions): RequestListener {
  return (request, response) => {
    const arrived = performance.now();
    const url = requestUrl(request);
    const method = request.method ?? 'GET';
    const seen: Seen = { actor: { kind: 'anonymous' } };
    const fault = faultFor(options, url, method);
    (fault ? meetFault(fault, request, response) : Promise.resolve(false))
      .then(async (handled) => {
        if (handled) return;
        const reply = await handle(options, request, url, seen).catch((error: unknown): RouteReply => {
          if (error instanceof HttpError) return { status: error.status, json: error.body };
          return { status: 500, json: { message: error instanceof Error ? error.message : String(error) } };
        });
        if (url.pathname.startsWith(`${API_PREFIX}/`)) {
          options.onApiRequest?.({
            method,
            path: url.pathname.slice(API_PREFIX.length),
            ...(seen.route !== undefined && { route: seen.route }),
            query: url.search.replace(/^\?/, ''),
            status: statusOf(reply),
            actor: actorRecord(seen.actor),
            ms: performance.now() - arrived,
          });
        }
        send(response, { ...reply, headers: { date: options.now().toUTCString(), ...reply.headers } });
      })
      .catch(() => response.destroy());
  };
}

/** The control API is never faulted: a test must always be able to disarm what it armed. */
function faultFor(options: ListenerOptions, url: URL, method: string) {
  if (!options.faults || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) return undefined;
  let path = url.pathname;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    // A malformed escape is matched as it came.
  }
  return options.faults.take(method, path);
}

async function handle(options: ListenerOptions, request: IncomingMessage, url: URL, seen: Seen): Promise<RouteReply> {
  const method = request.method ?? 'GET';
  const [routes, path] = url.pathname.startsWith(`${API_PREFIX}/`)
    ? [options.api, url.pathname.slice(API_PREFIX.length)]
    : url.pathname.startsWith(`${CONTROL_PREFIX}/`)
      ? [options.control, url.pathname.slice(CONTROL_PREFIX.length)]
      : [[], url.pathname];
  const body = await readJson(request);
  const match = matchRoute(routes, method, path);
  if (match) seen.route = match.route.path;
  const actor = options.authenticate(request.headers.authorization);
  seen.actor = actor;
  if (!match) throw notFound();
  const { route, params } = match;
  if (route.auth !== 'none' && actor.kind === 'anonymous') throw unauthorized();
  if (route.auth === 'app' && actor.kind !== 'app') throw unauthorized('A JSON web token could not be decoded');
  if (route.auth === 'token' && actor.kind === 'app') {
    throw new HttpError(403, { message: 'Resource not accessible by integration', status: '403' });
  }
  if (params.owner !== undefined && params.repo !== undefined && !options.servesRepo(params.owner, params.repo)) {
    throw notFound();
  }
  return route.handle({ method, url, params, headers: request.headers, body, actor });
}

/** A request line no URL parser accepts is answered as an unknown path (404), not by a crash. */
function requestUrl(request: IncomingMessage): URL {
  const base = `http://${request.headers.host ?? '127.0.0.1'}`;
  try {
    return new URL(request.url ?? '/', base);
  } catch {
    return new URL('/', 'http://127.0.0.1');
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, { message: 'Problems parsing JSON', status: '400' });
  }
}

/** The status `send` answers with: a body without a status is 200, no body 204. */
function statusOf(reply: RouteReply): number {
  return reply.status ?? (reply.text !== undefined || reply.json !== undefined ? 200 : 204);
}

function send(response: ServerResponse, reply: RouteReply): void {
  const headers: Record<string, string> = {
    'x-github-media-type': 'github.v3; format=json',
    'x-github-request-id': randomUUID().toUpperCase(),
    ...reply.headers,
  };
  if (reply.text !== undefined) {
    response.writeHead(statusOf(reply), { ...headers, 'content-type': reply.contentType ?? 'text/plain; charset=utf-8' });
    response.end(reply.text);
  } else if (reply.json !== undefined) {
    response.writeHead(statusOf(reply), { ...headers, 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(reply.json));
  } else {
    response.writeHead(statusOf(reply), headers);
    response.end();
  }
}

/** Parses a request body with a zod-like schema; a mismatch is GitHub's 422 "Invalid request". */
export function parseBody<T>(schema: ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => `"${issue.path.map(String).join('.') || 'body'}": ${issue.message}`).join('\n');
  throw unprocessable(`Invalid request.\n\n${details}`);
}
