import { Webhooks } from '@octokit/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botClient, cloneRemote, missingKeys, OWNER, REPO, SECRET, startSandbox, userClient, webhookExample, webhookReceiver, type Received, type Started } from './helpers.js';

let started: Started;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
const repo = { owner: OWNER, repo: REPO };

beforeAll(async () => {
  receiver = await webhookReceiver();
  started = await startSandbox({ webhookUrl: receiver.url });
});
afterAll(async () => {
  await started.cleanup();
  await receiver.close();
});

/** Runs `act` and returns the webhooks it caused, as "event.action" plus the deliveries. */
async function caused(act: () => Promise<unknown>): Promise<{ names: string[]; deliveries: Received[] }> {
  const before = receiver.received.length;
  await act();
  await started.sandbox.settled();
  const deliveries = receiver.received.slice(before);
  const verifier = new Webhooks({ secret: SECRET });
  for (const delivery of deliveries) expect(await verifier.verify(delivery.body, String(delivery.headers['x-hub-signature-256']))).toBe(true);
  return { names: deliveries.map((delivery) => `${String(delivery.headers['x-github-event'])}.${String(delivery.payload.action)}`), deliveries };
}

describe('sandbox: issues, comments and pull requests send webhooks', () => {
  it('an issue filed as a maintainer sends issues.opened then issues.labeled, shaped like GitHub', async () => {
    started.sandbox.setPermission('maintainer', 'write');
    const { names, deliveries } = await caused(() => started.sandbox.createIssue('maintainer', { title: 'Speed up the parser', body: 'It is slow.', labels: ['overnight'] }));
    expect(names).toStrictEqual(['issues.opened', 'issues.labeled']);
    const [opened, labeled] = deliveries.map((delivery) => delivery.payload);
    expect(opened).toMatchObject({ issue: { number: 1, title: 'Speed up the parser', user: { login: 'maintainer' }, labels: [{ name: 'overnight' }] }, sender: { login: 'maintainer' }, installation: { id: 1 } });
    expect(labeled).toMatchObject({ label: { name: 'overnight' }, issue: { labels: [{ name: 'overnight' }] } });
    expect(missingKeys(webhookExample('issues', 'opened'), opened ?? {})).toStrictEqual([]);
    expect(missingKeys(webhookExample('issues', 'labeled'), labeled ?? {})).toStrictEqual([]);
  });

  it('a comment sends issue_comment.created, whether from the sandbox API or from a REST client', async () => {
    const fromApi = await caused(() => started.sandbox.createComment('maintainer', 1, '/overnight pause'));
    expect(fromApi.names).toStrictEqual(['issue_comment.created']);
    const payload = fromApi.deliveries[0]?.payload ?? {};
    expect(payload).toMatchObject({ comment: { body: '/overnight pause', user: { login: 'maintainer' } }, issue: { number: 1 }, sender: { login: 'maintainer' } });
    expect(missingKeys(webhookExample('issue_comment', 'created'), payload)).toStrictEqual([]);

    const fromRest = await caused(() => userClient(started.sandbox, 'drive-by').rest.issues.createComment({ ...repo, issue_number: 1, body: '/overnight stop' }));
    expect(fromRest.deliveries[0]?.payload).toMatchObject({ comment: { body: '/overnight stop', author_association: 'NONE' }, sender: { login: 'drive-by', type: 'User' } });
  });

  it('REST changes send theirs: labels, edits, closing; the bot appears as a Bot sender', async () => {
    const bot = await botClient(started.sandbox);
    const labeled = await caused(() => bot.rest.issues.addLabels({ ...repo, issue_number: 1, labels: ['overnight:running'] }));
    expect(labeled.names).toStrictEqual(['issues.labeled']);
    expect(labeled.deliveries[0]?.payload).toMatchObject({ sender: { login: 'overnight[bot]', type: 'Bot' } });
    const edited = await caused(() => bot.rest.issues.update({ ...repo, issue_number: 1, title: 'Speed up the parser, please', state: 'closed' }));
    expect(edited.names).toStrictEqual(['issues.edited', 'issues.closed']);
    expect(edited.deliveries[0]?.payload).toMatchObject({ changes: { title: { from: 'Speed up the parser' } } });
    const unlabeled = await caused(() => bot.rest.issues.removeLabel({ ...repo, issue_number: 1, name: 'overnight:running' }));
    expect(unlabeled.names).toStrictEqual(['issues.unlabeled']);
  });

  it('a pull request sends pull_request events: opened, labeled, synchronize, closed with merged true', async () => {
    const goal = await started.sandbox.createIssue('maintainer', { title: 'Document the CLI', labels: ['overnight'] });
    const clone = await cloneRemote(started.sandbox, started.dir);
    await clone.git('checkout', '--quiet', '-b', 'agent/docs');
    await clone.commitFile('docs/cli.md', '# CLI\n', 'Document the CLI');
    await clone.git('push', '--quiet', 'origin', 'agent/docs');
    const bot = await botClient(started.sandbox);

    let number = 0;
    const opened = await caused(async () => {
      number = (await bot.rest.pulls.create({ ...repo, head: 'agent/docs', base: 'main', title: 'Document the CLI', body: `Closes #${goal.number}` })).data.number;
    });
    expect(opened.names).toStrictEqual(['pull_request.opened']);
    const openedPayload = opened.deliveries[0]?.payload ?? {};
    expect(openedPayload).toMatchObject({ number, pull_request: { head: { ref: 'agent/docs' }, base: { ref: 'main' }, user: { login: 'overnight[bot]' } } });
    expect(missingKeys(webhookExample('pull_request', 'opened'), openedPayload)).toStrictEqual([]);

    const labeled = await caused(() => bot.rest.issues.addLabels({ ...repo, issue_number: number, labels: ['overnight:pr-open'] }));
    expect(labeled.names).toStrictEqual(['pull_request.labeled']);

    await clone.commitFile('docs/cli.md', '# CLI\n\nUsage.\n', 'Revise the CLI docs');
    const synchronized = await caused(() => clone.git('push', '--quiet', 'origin', 'agent/docs'));
    expect(synchronized.names).toStrictEqual(['push.undefined', 'pull_request.synchronize']);
    // Figures follow the new head, not the ones computed when the PR was opened and labeled.
    expect(synchronized.deliveries[1]?.payload).toMatchObject({ pull_request: { commits: 2, additions: 3, changed_files: 1 } });

    const merged = await caused(() => started.sandbox.mergePull(number, { as: 'maintainer' }));
    expect(merged.names).toStrictEqual(['push.undefined', 'pull_request.closed', 'issues.closed']);
    const closedPayload = merged.deliveries[1]?.payload ?? {};
    expect(closedPayload).toMatchObject({ pull_request: { merged: true, merged_by: { login: 'maintainer' }, commits: 2 }, sender: { login: 'maintainer' } });
    expect(missingKeys(webhookExample('pull_request', 'closed'), closedPayload)).toStrictEqual([]);
    expect(merged.deliveries[2]?.payload).toMatchObject({ issue: { number: goal.number, state: 'closed' } });
  });
});
