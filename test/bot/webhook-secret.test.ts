import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { botEnvironment, checkWebhookSecret } from '../../src/bot/index.js';

const APP = { APP_ID: '123', PRIVATE_KEY_PATH: '/keys/app.pem' };

describe('the webhook secret the bot starts with', () => {
  it("is the app's own: accepted", () => {
    expect(checkWebhookSecret({ ...APP, WEBHOOK_SECRET: 'a-long-random-secret' })).toStrictEqual({ ok: true });
  });

  it.each([
    ['unset', {}, 'WEBHOOK_SECRET is not set'],
    ['empty', { WEBHOOK_SECRET: '' }, 'WEBHOOK_SECRET is not set'],
    ['probot\'s "development"', { WEBHOOK_SECRET: 'development' }, 'WEBHOOK_SECRET is "development", probot\'s public default'],
    ['unset in development without a proxy', { NODE_ENV: 'development' }, 'WEBHOOK_SECRET is not set'],
    ['unset behind a proxy outside development', { WEBHOOK_PROXY_URL: 'https://smee.io/abc' }, 'WEBHOOK_SECRET is not set'],
  ])('%s: refused, saying what to set', (_case, env, what) => {
    const check = checkWebhookSecret({ ...APP, ...env });
    expect(check.ok).toBe(false);
    const { problem } = check as { problem: string };
    expect(problem.startsWith(`${what}, so anyone could sign webhook deliveries the bot would accept; it does not start.`)).toBe(true);
    expect(problem).toContain('Set WEBHOOK_SECRET (in the environment or in .env) to the webhook secret of your GitHub App');
    expect(problem).toContain('NODE_ENV=development with WEBHOOK_PROXY_URL set');
  });

  it('unset while developing through a smee.io proxy: allowed, with a loud warning', () => {
    const check = checkWebhookSecret({ ...APP, NODE_ENV: 'development', WEBHOOK_PROXY_URL: 'https://smee.io/abc' });
    expect(check.ok).toBe(true);
    expect((check as { warning: string }).warning).toMatch(
      /^WARNING: the bot accepts deliveries signed with probot's public "development" secret \(NODE_ENV=development, deliveries through https:\/\/smee\.io\/abc\)\. Anyone who can reach it can forge events\./,
    );
  });

  it('without APP_ID (probot registers the app, and no event reaches overnight): allowed', () => {
    expect(checkWebhookSecret({})).toStrictEqual({ ok: true });
  });
});

describe('botEnvironment', () => {
  it('overlays .env in the working directory on the environment, as probot does before reading it', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'overnight-env-'));
    writeFileSync(join(cwd, '.env'), 'APP_ID=7\nWEBHOOK_SECRET="from dotenv"\n');
    expect(botEnvironment({ env: { APP_ID: '1', HOME: '/home/me' }, cwd })).toStrictEqual({ APP_ID: '7', WEBHOOK_SECRET: 'from dotenv', HOME: '/home/me' });
    expect(botEnvironment({ env: { APP_ID: '1' }, cwd: mkdtempSync(join(tmpdir(), 'overnight-env-')) })).toStrictEqual({ APP_ID: '1' });
  });
});
