import { z } from 'zod';
import { PERMISSION_LEVELS } from '../../config/index.js';
import { newFaultSchema } from '../http/faults.js';
import { HttpError, unprocessable } from '../http/http-error.js';
import { route, type Route } from '../http/router.js';
import { machineFactsPatchSchema } from '../standins/machine-facts.js';
import { parseBody } from '../http/request-listener.js';
import type { Sandbox } from '../sandbox-types.js';

const sha = z.string().regex(/^[0-9a-f]{40}$/);
const pushReport = z.object({
  updates: z.array(z.object({ before: sha, after: sha, ref: z.string().startsWith('refs/') })),
  pusher: z.string().min(1).optional(),
});
const asUser = z.string().min(1);
const newIssue = z.strictObject({ as: asUser, title: z.string().min(1), body: z.string().optional(), labels: z.array(z.string()).optional() });
const newComment = z.strictObject({ as: asUser, body: z.string().min(1) });
const newReviewComment = z.strictObject({ as: asUser, body: z.string().min(1), path: z.string().min(1), line: z.int().min(1) });
const merge = z.strictObject({ as: asUser.optional(), method: z.enum(['merge', 'squash']).optional() });
const permission = z.strictObject({ permission: z.enum(PERMISSION_LEVELS) });
const webhook = z.strictObject({ url: z.url().nullable() });
const clock = z.strictObject({ offsetMs: z.int() });
const since = z.coerce.number().int().min(0);

/**
 * The sandbox's own API under `/_sandbox/`, mirroring the Sandbox object's methods so a test or the
 * demo can drive a sandbox running in another process (see client.ts). It is open: the sandbox
 * listens on 127.0.0.1 only.
 */
export function controlRoutes(sandbox: Sandbox, reportPush: (updates: z.output<typeof pushReport>) => Promise<void>): Route[] {
  const missing = (what: string) => new HttpError(404, { message: `${what} not found` });
  return [
    route('GET', '/info', 'none', () => ({ json: sandbox.info() })),
    route('GET', '/state', 'none', async () => ({ json: await sandbox.snapshot() })),
    route('POST', '/push', 'none', async ({ body }) => {
      await reportPush(parseBody(pushReport, body));
      return { status: 204 };
    }),
    route('PUT', '/permissions/:username', 'none', ({ params, body }) => {
      sandbox.setPermission(params.username ?? '', parseBody(permission, body).permission);
      return { status: 204 };
    }),
    route('GET', '/facts', 'none', () => ({ json: sandbox.facts() })),
    route('PATCH', '/facts', 'none', async ({ body }) => ({ json: await sandbox.setFacts(parseBody(machineFactsPatchSchema, body)) })),
    route('POST', '/users/:username/token', 'none', ({ params }) => ({ status: 201, json: { token: sandbox.userToken(params.username ?? '') } })),
    route('PUT', '/webhook', 'none', ({ body }) => {
      sandbox.setWebhookUrl(parseBody(webhook, body).url ?? undefined);
      return { status: 204 };
    }),
    route('POST', '/issues', 'none', async ({ body }) => {
      const { as, ...input } = parseBody(newIssue, body);
      return { status: 201, json: await sandbox.createIssue(as, input) };
    }),
    route('POST', '/issues/:number/comments', 'none', async ({ params, body }) => {
      const { as, body: text } = parseBody(newComment, body);
      return { status: 201, json: await sandbox.createComment(as, Number(params.number), text) };
    }),
    route('POST', '/pulls/:number/comments', 'none', async ({ params, body }) => {
      const { as, ...input } = parseBody(newReviewComment, body);
      return { status: 201, json: await sandbox.createReviewComment(as, Number(params.number), input) };
    }),
    route('POST', '/pulls/:number/merge', 'none', async ({ params, body }) => {
      const input = parseBody(merge, body);
      return { json: { sha: await sandbox.mergePull(Number(params.number), input) } };
    }),
    route('POST', '/faults', 'none', ({ body }) => ({ status: 201, json: sandbox.addFault(parseBody(newFaultSchema, body)) })),
    route('GET', '/faults', 'none', () => ({ json: sandbox.faults() })),
    route('DELETE', '/faults', 'none', () => {
      sandbox.clearFaults();
      return { status: 204 };
    }),
    route('DELETE', '/faults/:id', 'none', ({ params }) => {
      if (sandbox.clearFaults(Number(params.id)) === 0) throw missing(`fault ${params.id}`);
      return { status: 204 };
    }),
    route('GET', '/clock', 'none', () => ({ json: sandbox.clock() })),
    route('PUT', '/clock', 'none', ({ body }) => ({ json: sandbox.setClockOffset(parseBody(clock, body).offsetMs) })),
    route('GET', '/requests', 'none', ({ url }) => {
      const mark = url.searchParams.get('since');
      return { json: sandbox.requests(mark === null ? undefined : parseQuery(since, 'since', mark)) };
    }),
    route('GET', '/requests/mark', 'none', () => ({ json: { seq: sandbox.requestMark() } })),
    route('GET', '/deliveries', 'none', () => ({ json: sandbox.deliveries() })),
    route('GET', '/deliveries/:delivery', 'none', ({ params }) => {
      const found = sandbox.deliveries().find((delivery) => delivery.id === params.delivery);
      if (!found) throw missing(`delivery ${params.delivery}`);
      return { json: found };
    }),
    route('POST', '/deliveries/:delivery/redeliver', 'none', async ({ params }) => {
      if (!sandbox.deliveries().some((delivery) => delivery.id === params.delivery)) throw missing(`delivery ${params.delivery}`);
      return { json: await sandbox.redeliver(params.delivery ?? '') };
    }),
  ];
}

function parseQuery<T>(schema: z.ZodType<T>, name: string, value: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw unprocessable(`Invalid request.\n\n"${name}": ${result.error.issues[0]?.message ?? 'invalid'} (got "${value}")`);
  return result.data;
}
