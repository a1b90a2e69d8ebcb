import nock from 'nock';
import pino from 'pino';
import { Probot, type ProbotOctokit } from 'probot';
import { afterEach, beforeEach, expect } from 'vitest';
import { overnightApp, type OvernightAppOptions } from '../../src/bot/index.js';
import { unthrottledOctokit } from '../../src/bot/start-bot.js';

export const API = 'https://api.github.com';

/** The test app's bot user: comments by it are the bot's own. */
export const BOT_LOGIN = 'overnight-test[bot]';

/**
 * A Probot with the app loaded and a fixed token (no JWT dance), as create-probot-app's template
 * tests do. Retries and throttling are off so a mock answers exactly one request, at once.
 */
export async function testProbot(options: Pick<OvernightAppOptions, 'acknowledgeOwnGoals'> = {}): Promise<Probot> {
  const probot = new Probot({
    githubToken: 'test-token',
    log: pino({ level: 'silent' }),
    Octokit: quietOctokit(),
  });
  await probot.load(overnightApp({ reconcileOnStart: false, botLogin: BOT_LOGIN, ...options }));
  return probot;
}

/** No write throttle (see startBot's `throttle`) and no retries: one mock answers one request, at once. */
export function quietOctokit(): typeof ProbotOctokit {
  return unthrottledOctokit().defaults({ retry: { enabled: false } });
}

export function deliver(probot: Probot, name: string, payload: unknown, id = 'delivery-1') {
  return probot.receive({ id, name, payload } as Parameters<Probot['receive']>[0]);
}

/** Every test: no real network, and every mock used by the end. */
export function useNock(): void {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending).toStrictEqual([]);
  });
}
