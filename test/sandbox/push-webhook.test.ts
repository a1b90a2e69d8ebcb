import { Webhooks } from '@octokit/webhooks';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneRemote, missingKeys, OWNER, REPO, SECRET, startSandbox, webhookExample, webhookReceiver, type Clone, type Started } from './helpers.js';

const ZERO = '0000000000000000000000000000000000000000';
const BRANCH = 'agent/20261128-0107-a1b2c3';
const MESSAGE = 'Speed up the parser\n\nMemoised the tokenizer; parse() is 3x faster.\n\nOvernight-Session: 20261128-0107-a1b2c3\nOvernight-Goal: #12\nOvernight-Verify: passed';

let started: Started;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
let clone: Clone;

beforeAll(async () => {
  receiver = await webhookReceiver();
  started = await startSandbox({ webhookUrl: receiver.url });
  clone = await cloneRemote(started.sandbox, started.dir);
});
afterAll(async () => {
  await started.cleanup();
  await receiver.close();
});

async function pushed(...args: string[]) {
  const before = receiver.received.length;
  await clone.git('push', '--quiet', ...args);
  // git push waits for the post-receive hook, which waits for the sandbox to record the webhook.
  await started.sandbox.settled();
  return receiver.received.slice(before);
}

describe('sandbox: git push -> signed push webhook', () => {
  let first: Awaited<ReturnType<typeof pushed>>[number];
  let shas: string[];

  it('delivers one push webhook per pushed ref, signed with the webhook secret', async () => {
    await clone.git('checkout', '--quiet', '-b', BRANCH);
    const one = await clone.commitFile('src/tokenizer.js', 'export const memo = new Map();\n', 'Add a memo table');
    const two = await clone.commitFile('src/parser.js', 'export function parse() {}\n', MESSAGE);
    shas = [one, two];
    const deliveries = await pushed('origin', BRANCH);
    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    if (!delivery) throw new Error('no delivery');
    first = delivery;
    expect(delivery.headers['x-github-event']).toBe('push');
    expect(delivery.headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    const signature = String(delivery.headers['x-hub-signature-256']);
    expect(await new Webhooks({ secret: SECRET }).verify(delivery.body, signature)).toBe(true);
    expect(await new Webhooks({ secret: 'another secret' }).verify(delivery.body, signature)).toBe(false);
  });

  it('shapes the payload like GitHub: commits with files, head_commit with the full message', () => {
    const payload = first.payload;
    expect(payload).toMatchObject({
      ref: `refs/heads/${BRANCH}`,
      before: ZERO,
      after: shas[1],
      created: true,
      deleted: false,
      forced: false,
      repository: { full_name: `${OWNER}/${REPO}`, default_branch: 'main', master_branch: 'main' },
      installation: { id: 1 },
      sender: { login: OWNER },
      pusher: { name: OWNER },
    });
    const commits = payload.commits as Array<Record<string, unknown>>;
    expect(commits.map((commit) => commit.id)).toStrictEqual(shas);
    expect(commits[0]).toMatchObject({ message: 'Add a memo table', added: ['src/tokenizer.js'], modified: [], removed: [], author: { name: 'night-runner', email: 'runner@example.com' } });
    expect(payload.head_commit).toMatchObject({ id: shas[1], message: MESSAGE, added: ['src/parser.js'] });
    expect(missingKeys(webhookExample('push'), payload)).toStrictEqual([]);
    // GitHub adds `username` only when the commit email belongs to an account; night-runner has none.
    const headKeys = missingKeys(webhookExample('push').head_commit as Record<string, unknown>, payload.head_commit as Record<string, unknown>);
    expect(headKeys).toStrictEqual(['author.username', 'committer.username']);
  });

  it('records the delivery and redelivers it byte for byte under the same delivery id', async () => {
    const id = String(first.headers['x-github-delivery']);
    const recorded = started.sandbox.deliveries().find((delivery) => delivery.id === id);
    expect(recorded?.attempts).toMatchObject([{ status: 200, redelivery: false }]);
    const attempt = await started.sandbox.redeliver(id);
    expect(attempt).toMatchObject({ status: 200, redelivery: true });
    const again = receiver.received.at(-1);
    expect(again?.headers['x-github-delivery']).toBe(id);
    expect(again?.headers['x-hub-signature-256']).toBe(first.headers['x-hub-signature-256']);
    expect(again?.body).toBe(first.body);
  });

  it('reports a fast-forward with only the new commits, then a forced rewind and a deletion', async () => {
    const three = await clone.commitFile('src/parser.js', 'export function parse() { return 1; }\n', 'Return something');
    const [update] = await pushed('origin', BRANCH);
    expect(update?.payload).toMatchObject({ before: shas[1], after: three, created: false, forced: false });
    expect((update?.payload.commits as Array<{ id: string }>).map((commit) => commit.id)).toStrictEqual([three]);

    await clone.git('reset', '--quiet', '--hard', 'HEAD~2');
    const [rewind] = await pushed('--force', 'origin', BRANCH);
    expect(rewind?.payload).toMatchObject({ before: three, after: shas[0], forced: true, commits: [] });

    const [deletion] = await pushed('origin', `:${BRANCH}`);
    expect(deletion?.payload).toMatchObject({ ref: `refs/heads/${BRANCH}`, after: ZERO, deleted: true, head_commit: null, commits: [] });
  });

  it('records the receiver status, and a delivery with no webhook URL as not attempted', async () => {
    const failing = await webhookReceiver(500);
    started.sandbox.setWebhookUrl(failing.url);
    await clone.git('checkout', '--quiet', '-b', 'agent/second', 'origin/main');
    await clone.commitFile('b.txt', 'b\n', 'Second');
    await clone.git('push', '--quiet', 'origin', 'agent/second');
    await started.sandbox.settled();
    expect(started.sandbox.deliveries().at(-1)?.attempts).toMatchObject([{ status: 500 }]);
    await failing.close();

    started.sandbox.setWebhookUrl(undefined);
    await clone.commitFile('c.txt', 'c\n', 'Third');
    await clone.git('push', '--quiet', 'origin', 'agent/second');
    await started.sandbox.settled();
    expect(started.sandbox.deliveries().at(-1)?.attempts).toMatchObject([{ status: null, error: 'no webhook URL configured' }]);
    started.sandbox.setWebhookUrl(receiver.url);
  });
});

describe('sandbox: a push while the sandbox is down', () => {
  it('still lands in the remote; the pusher is told the webhook could not be reported', async () => {
    const down = await startSandbox();
    const work = await cloneRemote(down.sandbox, down.dir);
    await down.sandbox.stop();
    await work.git('checkout', '--quiet', '-b', 'agent/offline');
    const sha = await work.commitFile('offline.txt', 'x\n', 'Offline');
    const push = await execa('git', ['push', 'origin', 'agent/offline'], { cwd: work.path, reject: false });
    expect(push.exitCode).toBe(0);
    expect(push.stderr).toContain('remote: overnight sandbox: could not report the push');
    expect((await execa('git', ['rev-parse', 'refs/heads/agent/offline'], { cwd: down.sandbox.remotePath })).stdout).toBe(sha);
    await down.cleanup();
  });
});
