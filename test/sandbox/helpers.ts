import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { execa } from 'execa';
import { pino } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox.js';

const require = createRequire(import.meta.url);

export const OWNER = 'octo-org';
export const REPO = 'widgets';
export const APP_ID = 4711;
export const SECRET = 'sandbox-webhook-secret';

export interface Started {
  sandbox: Sandbox;
  dir: string;
  cleanup(): Promise<void>;
}

export async function startSandbox(options: Partial<SandboxOptions> = {}): Promise<Started> {
  const dir = await mkdtemp(join(tmpdir(), 'overnight-sandbox-test-'));
  const sandbox = createSandbox({ dir, owner: OWNER, repo: REPO, appId: APP_ID, webhookSecret: SECRET, ...options });
  await sandbox.start();
  return {
    sandbox,
    dir,
    async cleanup() {
      await sandbox.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An @octokit/rest client acting as `login`, the way the runner talks to GitHub. */
export function userClient(sandbox: Sandbox, login: string = OWNER): Octokit {
  const quiet = () => undefined;
  return new Octokit({ auth: sandbox.userToken(login), baseUrl: sandbox.apiUrl, log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
}

/** The bot's path: a Probot with the sandbox's App key, authenticated as the App or its installation. */
export function probot(sandbox: Sandbox): Probot {
  return new Probot({ appId: APP_ID, privateKey: sandbox.privateKey, baseUrl: sandbox.apiUrl, log: pino({ level: 'silent' }) });
}

/**
 * The bot's installation client, with a token got through the App's JWT, minus probot's throttling
 * (which spaces issue, PR and comment creation 3 s apart to spare github.com; it would only slow
 * these tests down).
 */
export async function botClient(sandbox: Sandbox): Promise<ProbotOctokit> {
  const app = await probot(sandbox).auth();
  const { data } = await app.rest.apps.createInstallationAccessToken({ installation_id: 1 });
  const { token } = data;
  return new ProbotOctokit({ auth: { token }, baseUrl: sandbox.apiUrl, throttle: { enabled: false }, log: pino({ level: 'silent' }) });
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  payload: Record<string, unknown>;
}

/** A tiny local webhook receiver standing in for the bot. */
export async function webhookReceiver(status = 200): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: request.headers, body, payload: JSON.parse(body) as Record<string, unknown> });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/github/webhooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Clones the sandbox's bare remote into a working copy that can commit and push. */
export async function cloneRemote(sandbox: Sandbox, dir: string, name = 'work'): Promise<Clone> {
  const path = join(dir, name);
  await execa('git', ['clone', '--quiet', sandbox.remoteUrl, path]);
  const git = async (...args: string[]) => (await execa('git', args, { cwd: path })).stdout;
  await git('config', 'user.name', 'night-runner');
  await git('config', 'user.email', 'runner@example.com');
  return {
    path,
    git,
    async commitFile(file, content, message) {
      await mkdir(dirname(join(path, file)), { recursive: true });
      await writeFile(join(path, file), content);
      await git('add', file);
      await git('commit', '--quiet', '-m', message);
      return git('rev-parse', 'HEAD');
    },
  };
}

export interface Clone {
  path: string;
  git: (...args: string[]) => Promise<string>;
  /** Writes, adds and commits one file; resolves to the new commit's sha. */
  commitFile(file: string, content: string, message: string): Promise<string>;
}

interface ExampleGroup {
  name: string;
  examples: Array<Record<string, unknown>>;
}

/** A real payload from @octokit/webhooks-examples, e.g. `webhookExample('issues', 'labeled')`. */
export function webhookExample(event: string, action?: string): Record<string, unknown> {
  const groups = require('@octokit/webhooks-examples/api.github.com/index.json') as ExampleGroup[];
  const example = groups.find((group) => group.name === event)?.examples.find((candidate) => candidate.action === action);
  if (!example) throw new Error(`no webhooks-example for ${event}.${action}`);
  return example;
}

/**
 * Keys the real example has that `actual` lacks: at the top level and inside each object both
 * have under the same key (one level down), as `issue.labels`, `comment.user`...
 */
export function missingKeys(example: Record<string, unknown>, actual: Record<string, unknown>): string[] {
  const missing: string[] = [];
  for (const [key, value] of Object.entries(example)) {
    if (!(key in actual)) {
      missing.push(key);
      continue;
    }
    const mine = actual[key];
    if (isObject(value) && isObject(mine)) {
      for (const inner of Object.keys(value)) if (!(inner in mine)) missing.push(`${key}.${inner}`);
    }
  }
  return missing;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The status and body of a request that must fail (Octokit throws a RequestError). */
export async function failure(promise: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    await promise;
  } catch (error) {
    const { status, response } = error as { status: number; response?: { data: unknown } };
    return { status, data: response?.data };
  }
  throw new Error('expected the request to fail');
}
