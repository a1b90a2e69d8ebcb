import { generateKeyPairSync } from 'node:crypto';
import { Webhooks } from '@octokit/webhooks';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot/index.js';
import { addGoalIssue, startGitHubStandIn, type StandIn } from './github-stand-in.js';
import { GOAL, OWNER, REPO, agentPush } from './payloads.js';

// This file makes real HTTP requests on loopback, so it must not import nock (team rule).

const SECRET = 'test-webhook-secret';
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

let standIn: StandIn;
let bot: RunningBot;

beforeAll(async () => {
  standIn = await startGitHubStandIn({ owner: OWNER, repo: REPO });
  addGoalIssue(standIn, GOAL, 'Replace the retry loop');
  bot = await startBot({
    appId: 1,
    privateKey,
    secret: SECRET,
    baseUrl: standIn.baseUrl,
    log: pino({ level: 'silent' }),
    throttle: false,
  });
  await bot.reconciled;
});

afterAll(async () => {
  await bot.stop();
  await standIn.close();
});

async function post(body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(bot.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': crypto.randomUUID(), ...headers },
    body,
  });
}

describe('startBot', () => {
  it.each(['', 'development'])('refuses the webhook secret %j: anyone could sign with it', async (secret) => {
    await expect(startBot({ appId: 1, privateKey, secret, baseUrl: standIn.baseUrl, log: pino({ level: 'silent' }) })).rejects.toThrow(
      'startBot: the webhook secret must be the GitHub App\'s own, not empty or probot\'s public "development"',
    );
  });
});

describe('a real Probot server on 127.0.0.1', () => {
  it('reconciled on start with an app JWT against the GHE-style /api/v3 base URL', () => {
    const listing = standIn.requests.find((request) => request.path === '/api/v3/app/installations');
    expect(listing?.authorization).toMatch(/^bearer \S+\.\S+\.\S+$/i);
  });

  it('handles a delivery with a good signature: the PR is opened with an installation token', async () => {
    const body = JSON.stringify(agentPush());
    const signature = await new Webhooks({ secret: SECRET }).sign(body);
    const response = await post(body, { 'x-hub-signature-256': signature });

    expect(response.status).toBe(200);
    expect(standIn.state.pulls).toHaveLength(1);
    expect(standIn.state.pulls[0]).toMatchObject({ head: { ref: 'agent/20261128-0107-a1b2c3' }, base: { ref: 'master' } });
    expect(standIn.state.pulls[0]!.labels.map((label) => label.name)).toStrictEqual(['overnight', 'agent:claude-code']);
    const pullsCall = standIn.requests.find((request) => request.method === 'POST' && request.path.endsWith('/pulls'));
    expect(pullsCall?.authorization).toBe('token ghs_standin');
    expect(standIn.state.issues.get(GOAL)!.labels.map((label) => label.name)).toContain('overnight:pr-open');
    // GitHub made each label grey when it was first added; the bot gave ours their colours after.
    const colours = Object.fromEntries(standIn.state.labels.map((label) => [label.name, label.color]));
    expect(colours).toMatchObject({ overnight: '5319e7', 'agent:claude-code': 'bfdadc', 'overnight:pr-open': '0e8a16' });
  });

  it.each([
    ['a bad signature', { 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) }],
    ['a signature made with another secret', 'other-secret'],
    ['a signature made with probot\'s public default secret', 'development'],
    ['no signature', {}],
  ])('rejects %s with 400 and makes no API call', async (_why, headers) => {
    const body = JSON.stringify(agentPush({ ref: 'refs/heads/agent/20261128-0207-cccccc' }));
    const signatureHeaders =
      typeof headers === 'string' ? { 'x-hub-signature-256': await new Webhooks({ secret: headers }).sign(body) } : headers;
    const before = standIn.requests.length;

    const response = await post(body, signatureHeaders);

    expect(response.status).toBe(400);
    expect(standIn.requests.length).toBe(before);
  });
});
