import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhooks } from '@octokit/webhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, waitUntil } from '../../src/platform/index.js';
import { compiledCli } from '../e2e/helpers/compiled-cli.js';
import { masterPush } from './payloads.js';

// Real `overnight bot` processes (probot's own `run`) on loopback: this file must not import nock.

const BIN = compiledCli();
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

async function overnightBot(env: Record<string, string>) {
  const port = await freePort('127.0.0.1');
  // No .env in the working directory; no GitHub call at start (no reconciliation).
  const cwd = mkdtempSync(join(tmpdir(), 'overnight-bot-'));
  const { WEBHOOK_SECRET: _ignored, NODE_ENV: _env, WEBHOOK_PROXY_URL: _proxy, ...base } = process.env;
  const child = spawn(process.execPath, [BIN, 'bot', '--no-reconcile'], {
    cwd,
    env: { ...base, APP_ID: '1', PRIVATE_KEY: privateKey, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, port, exited, output: () => output, url: `http://127.0.0.1:${port}` };
}

async function listening(bot: { url: string; output: () => string }): Promise<void> {
  await waitUntil('the bot to answer /ping', () => fetch(`${bot.url}/ping`).then((r) => r.ok, () => false), {
    timeoutMs: 20_000,
    intervalMs: 100,
    explain: bot.output,
  });
}

async function deliver(url: string, secret: string | undefined): Promise<number> {
  const body = JSON.stringify(masterPush());
  const signature: Record<string, string> = secret === undefined ? {} : { 'x-hub-signature-256': await new Webhooks({ secret }).sign(body) };
  const response = await fetch(`${url}/api/github/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': crypto.randomUUID(), ...signature },
    body,
  });
  return response.status;
}

describe('`overnight bot` and its webhook secret', () => {
  it.each([
    ['without WEBHOOK_SECRET', {}, 'WEBHOOK_SECRET is not set'],
    ['with probot\'s "development"', { WEBHOOK_SECRET: 'development' }, 'WEBHOOK_SECRET is "development", probot\'s public default'],
  ])('refuses to start %s: exit 2, saying what to set', async (_case, env, what) => {
    const bot = await overnightBot(env);
    expect(await bot.exited).toBe(2);
    expect(bot.output()).toContain(`${what}, so anyone could sign webhook deliveries the bot would accept; it does not start.`);
    expect(await fetch(`${bot.url}/ping`).then(() => 'answered', () => 'nothing listens')).toBe('nothing listens');
  }, 30_000);

  it("with the app's secret: rejects an unsigned delivery and one signed with \"development\", accepts a signed one", async () => {
    const bot = await overnightBot({ WEBHOOK_SECRET: 'the-apps-own-secret' });
    await listening(bot);
    expect(await deliver(bot.url, undefined)).toBe(400);
    expect(await deliver(bot.url, 'development')).toBe(400);
    expect(await deliver(bot.url, 'the-apps-own-secret')).toBe(200);
  }, 30_000);

  it('while developing through a smee.io proxy without a secret: starts, with a loud warning', async () => {
    // A closed port stands in for the smee.io channel: deliveries would come through it.
    const proxy = `http://127.0.0.1:${await freePort('127.0.0.1')}/channel`;
    const bot = await overnightBot({ NODE_ENV: 'development', WEBHOOK_PROXY_URL: proxy });
    await listening(bot);
    expect(bot.output()).toContain(`WARNING: the bot accepts deliveries signed with probot's public "development" secret (NODE_ENV=development, deliveries through ${proxy}).`);
  }, 30_000);
});
