import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runSandbox } from '../../src/cli/sandbox.js';
import { SandboxClient } from '../../src/sandbox/client.js';
import { webhookReceiver } from './helpers.js';

let dir: string;
let stop: (reason: string) => void;
let running: Promise<void>;
let details: { webUrl: string; apiUrl: string; ownerToken: string; owner: string; repo: string; standinsDir: string; webhookSecret: string };
let client: SandboxClient;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overnight-sandbox-cli-'));
  // Where the running sandbox leaves its address: this test's own, never the user's data dir.
  vi.stubEnv('OVERNIGHT_HOME', join(dir, 'home'));
  receiver = await webhookReceiver();
  const output: string[] = [];
  const stopped = new Promise<string>((resolve) => {
    stop = resolve;
  });
  running = runSandbox(
    { dir, port: 0, owner: 'maintainers', name: 'app', appId: 99, webhookSecret: 'shh', json: true },
    { until: () => stopped, write: (text) => void output.push(text) },
  );
  await vi.waitFor(() => expect(output).toHaveLength(1), { timeout: 20_000 });
  details = JSON.parse(output[0] ?? '') as typeof details;
  client = new SandboxClient(details.webUrl);
});
afterAll(async () => {
  stop('test over');
  await running;
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

describe('overnight sandbox + its /_sandbox/ API (as a test in another process drives it)', () => {
  it('prints one JSON line with everything a bot and a runner need', async () => {
    expect(details).toMatchObject({ owner: 'maintainers', repo: 'app', webhookSecret: 'shh', apiUrl: `${details.webUrl}/api/v3` });
    expect(await client.info()).toMatchObject({ apiUrl: details.apiUrl, appId: 99, installationId: 1 });
    const octokit = new Octokit({ auth: details.ownerToken, baseUrl: details.apiUrl });
    expect((await octokit.rest.repos.get({ owner: 'maintainers', repo: 'app' })).data.default_branch).toBe('main');
  });

  it('plays the maintainer: issues and comments arrive as webhooks; deliveries can be read and redelivered', async () => {
    await client.setWebhookUrl(receiver.url);
    await client.setPermission('alice', 'write');
    const issue = await client.createIssue('alice', { title: 'Add a --verbose flag', labels: ['overnight'] });
    await client.createComment('alice', issue.number, '/overnight pause');
    const events = await client.waitFor((state) => {
      const names = state.deliveries.filter((delivery) => delivery.attempts.length > 0).map((delivery) => `${delivery.event}.${delivery.action}`);
      return names.length === 3 && names;
    }, { what: 'three delivered webhooks' });
    expect(events).toStrictEqual(['issues.opened', 'issues.labeled', 'issue_comment.created']);
    const octokit = new Octokit({ auth: details.ownerToken, baseUrl: details.apiUrl });
    const { data: permission } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner: 'maintainers', repo: 'app', username: 'alice' });
    expect(permission.permission).toBe('write');

    const [comment] = (await client.deliveries()).filter((delivery) => delivery.event === 'issue_comment');
    if (!comment) throw new Error('no comment delivery');
    expect(comment.payload).toMatchObject({ comment: { body: '/overnight pause' }, sender: { login: 'alice' } });
    expect(await client.redeliver(comment.id)).toMatchObject({ status: 200, redelivery: true });
    expect(receiver.received.filter((delivery) => delivery.headers['x-github-delivery'] === comment.id)).toHaveLength(2);
  });

  it('changes machine facts for the stand-ins, and rejects a bad change with GitHub-style 422', async () => {
    expect(await client.setFacts({ power: { source: 'battery' } })).toStrictEqual({ power: { source: 'battery', percent: 100 }, network: { kind: 'wifi', ssid: 'SandboxNet' } });
    const { stdout } = await execa(join(details.standinsDir, 'pmset'), ['-g', 'batt']);
    expect(stdout).toMatch(/^Now drawing from 'Battery Power'\n/);
    await expect(client.setFacts({ power: { percent: 150 } })).rejects.toThrow(/HTTP 422/);
    expect((await client.snapshot()).facts.power).toStrictEqual({ source: 'battery', percent: 100 });
  });

  it('exits 2 on a bad --port, naming the option', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['node', 'overnight', 'sandbox', '--port', 'ninety'])).toBe(2);
    expect(stderr.mock.calls.map(([text]) => String(text)).join('')).toContain('--port must be an integer from 0 to 65535');
    stderr.mockRestore();
  });
});
