import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Webhooks } from '@octokit/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/platform/free-port.js';
import type { Delivery } from '../../src/sandbox/http/webhook-deliverer.js';
import type { SandboxSnapshot } from '../../src/sandbox/state/snapshot.js';
import { compiledCli } from '../e2e/helpers/compiled-cli.js';
import { labelsOf, pullsForGoal } from '../e2e/helpers/github-reads.js';
import type { Started } from '../e2e/helpers/processes.js';
import { waitUntil } from '../e2e/helpers/wait-until.js';
import { cleanEnv, FaultNight, OWNER, REPO } from './helpers/fault-night.js';

// The bot (`overnight bot`, a real Probot server) receiving the stand-in's signed webhooks, and
// people who try to steer it without the right: a fork's PR dressed as an agent PR, deliveries
// not signed with the app's secret, an outsider pasting the bot's reply marker, a triage user
// adding a steering label. The agent PR comes from a real runner session (`overnight once`).

const night = new FaultNight();
const repo = { owner: OWNER, repo: REPO };
const OUTSIDER = 'mallory';
const TRIAGER = 'trina';
const BOT = 'overnight[bot]';
let bot: Started;
let botUrl: string;
let goal: number;
let agentPr: SandboxSnapshot['pulls'][number];

const snapshot = () => night.sandbox.snapshot();
const explain = () => bot.output().split('\n').slice(-20).join('\n');
const wait = <T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false) =>
  waitUntil(what, check, { timeoutMs: 60_000, intervalMs: 200, running: [bot], explain });

/** The deliveries `match` picks, once the bot has answered each of them (Probot answers after its handlers ran). */
const handled = (what: string, match: (delivery: Delivery) => boolean) =>
  wait(what, async () => {
    const found = (await night.client.deliveries()).filter(match);
    return found.length > 0 && found.every((delivery) => delivery.attempts.some((attempt) => attempt.status === 200)) && found;
  });

const botComments = async (issue: number) =>
  (await snapshot()).comments.filter((comment) => comment.user?.login === BOT && comment.issue_url.endsWith(`/issues/${issue}`));

beforeAll(async () => {
  await night.start();
  night.sandbox.setPermission(OUTSIDER, 'read');
  night.sandbox.setPermission(TRIAGER, 'triage');
  const port = await freePort();
  botUrl = `http://127.0.0.1:${port}`;
  const cwd = join(night.dir, 'bot');
  mkdirSync(cwd);
  const { info } = night;
  const { APP_ID: _a, PRIVATE_KEY: _b, WEBHOOK_SECRET: _c, WEBHOOK_PROXY_URL: _d, NODE_ENV: _e, ...env } = cleanEnv();
  bot = night.tracker.start('the bot', process.execPath, [compiledCli(), 'bot'], {
    env: { ...env, APP_ID: String(info.appId), PRIVATE_KEY_PATH: info.privateKeyPath, WEBHOOK_SECRET: info.webhookSecret, GHE_HOST: info.gheHost, GHE_PROTOCOL: 'http', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    cwd,
    logFile: join(night.dir, 'bot.out'),
  });
  await wait('the bot to answer /ping', () => fetch(`${botUrl}/ping`).then((response) => response.ok, () => false));
  night.sandbox.setWebhookUrl(`${botUrl}/api/github/webhooks`);
  goal = await night.goal('Note the bot keeps safe');
}, 60_000);
afterAll(() => night.close());

describe('the bot against people who may not steer it', () => {
  it('opens the PR of a session the runner pushed', async () => {
    const once = await night.runner('studio', { pr: { openedBy: 'bot' } }).once();
    expect(once.code, once.stderr).toBe(0);
    const [found] = await wait(`the bot's PR for #${goal}`, async () => {
      const state = await snapshot();
      return labelsOf(state, goal).includes('overnight:pr-open') && pullsForGoal(state, goal);
    });
    agentPr = found!.pull;
    expect(agentPr.user?.login).toBe(BOT);
  }, 90_000);

  it('a fork PR from `mallory:agent/...` copying the agent PR is no agent PR: closing it changes nothing', async () => {
    const branch = 'agent/20261202-0300-f0f0f0';
    await night.remoteGit('update-ref', `refs/forks/${OUTSIDER}/heads/${branch}`, agentPr.head.sha);
    const { data: fork } = await night.as(OUTSIDER).rest.pulls.create({ ...repo, head: `${OUTSIDER}:${branch}`, base: 'main', title: agentPr.title, body: agentPr.body ?? '' });
    const commentsBefore = await botComments(goal);
    await night.as(OWNER).rest.pulls.update({ ...repo, pull_number: fork.number, state: 'closed' });
    await night.sandbox.settled();
    await handled('the fork PR closed', (delivery) => delivery.event === 'pull_request' && delivery.action === 'closed' && (delivery.payload as { number?: number }).number === fork.number);

    const state = await snapshot();
    expect(labelsOf(state, fork.number)).toStrictEqual([]);
    expect(labelsOf(state, goal)).toContain('overnight:pr-open');
    expect(await botComments(goal)).toStrictEqual(commentsBefore);
    expect(await botComments(fork.number)).toStrictEqual([]);
  }, 60_000);

  it("an outsider pasting the bot's reply marker does not silence it: the agent PR closed unmerged is still reported on the goal", async () => {
    await night.client.createComment(OUTSIDER, goal, `Closing is fine by me <!-- overnight:closed-pr-${agentPr.number} -->`);
    await night.as(OWNER).rest.pulls.update({ ...repo, pull_number: agentPr.number, state: 'closed' });
    const [reply] = await wait('the bot to report the closed PR', async () => {
      const found = (await botComments(goal)).filter((comment) => comment.body?.includes(`#${agentPr.number} was closed without merging`));
      return found.length > 0 && found;
    });
    expect(reply?.body).toContain(`<!-- overnight:closed-pr-${agentPr.number} -->`);
    expect(labelsOf(await snapshot(), goal)).not.toContain('overnight:pr-open');
  }, 60_000);

  it('refuses a delivery without a signature and one signed with "development"; the same delivery signed by GitHub is obeyed', async () => {
    night.sandbox.setWebhookUrl(undefined);
    const command = await night.client.createComment(OWNER, goal, '/overnight pause');
    await night.sandbox.settled();
    night.sandbox.setWebhookUrl(`${botUrl}/api/github/webhooks`);
    const [delivery] = (await night.client.deliveries()).filter((found) => found.event === 'issue_comment' && (found.payload as { comment?: { id?: number } }).comment?.id === command.id);
    expect(delivery?.attempts).toMatchObject([{ status: null }]);

    const body = JSON.stringify(delivery!.payload);
    const post = async (signature: Record<string, string>) =>
      (await fetch(`${botUrl}/api/github/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': 'issue_comment', 'x-github-delivery': crypto.randomUUID(), ...signature },
        body,
      })).status;
    expect(await post({})).toBe(400);
    expect(await post({ 'x-hub-signature-256': await new Webhooks({ secret: 'development' }).sign(body) })).toBe(400);
    expect(labelsOf(await snapshot(), goal)).not.toContain('overnight:paused');

    expect(await night.client.redeliver(delivery!.id)).toMatchObject({ status: 200 });
    expect(labelsOf(await snapshot(), goal)).toContain('overnight:paused');
  }, 60_000);

  it('a triage user adding `agent:codex` sees it removed with the reason; the maintainer adding it keeps it', async () => {
    await night.as(TRIAGER).rest.issues.addLabels({ ...repo, issue_number: goal, labels: ['agent:codex'] });
    const [reason] = await wait(`the bot to answer @${TRIAGER}`, async () => {
      const found = (await botComments(goal)).filter((comment) => comment.body?.startsWith(`@${TRIAGER}, the \`agent:codex\` label steers`));
      return found.length > 0 && found;
    });
    expect(reason?.body).toContain('(yours: triage)');
    expect(labelsOf(await snapshot(), goal)).not.toContain('agent:codex');

    await night.as(OWNER).rest.issues.addLabels({ ...repo, issue_number: goal, labels: ['agent:codex'] });
    await night.sandbox.settled();
    await handled("the maintainer's label", (delivery) => {
      const payload = delivery.payload as { label?: { name?: string }; sender?: { login?: string } };
      return delivery.event === 'issues' && delivery.action === 'labeled' && payload.label?.name === 'agent:codex' && payload.sender?.login === OWNER;
    });
    expect(labelsOf(await snapshot(), goal)).toContain('agent:codex');
    expect(bot.running()).toBe(true);
  }, 60_000);
});
