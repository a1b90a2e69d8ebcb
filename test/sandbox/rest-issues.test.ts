import type { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, REPO, startSandbox, userClient, failure, type Started } from './helpers.js';

let started: Started;
let octokit: Octokit;
const repo = { owner: OWNER, repo: REPO };

beforeAll(async () => {
  started = await startSandbox();
  octokit = userClient(started.sandbox, OWNER);
});
afterAll(() => started.cleanup());

describe('sandbox REST: issues', () => {
  it('creates, reads and updates an issue, labels included', async () => {
    const { data: created, status } = await octokit.rest.issues.create({ ...repo, title: 'Speed up the parser', body: 'It is slow.', labels: ['overnight'] });
    expect(status).toBe(201);
    expect(created).toMatchObject({ title: 'Speed up the parser', state: 'open', user: { login: OWNER }, labels: [{ name: 'overnight' }] });
    const { data: read } = await octokit.rest.issues.get({ ...repo, issue_number: created.number });
    expect(read.body).toBe('It is slow.');
    const { data: closed } = await octokit.rest.issues.update({ ...repo, issue_number: created.number, state: 'closed', labels: ['priority:high'] });
    expect(closed).toMatchObject({ state: 'closed', state_reason: 'completed', labels: [{ name: 'priority:high' }], closed_by: { login: OWNER } });
    expect(closed.closed_at).not.toBeNull();
  });

  it('lists by state and by labels (all of them must match)', async () => {
    const both = await octokit.rest.issues.create({ ...repo, title: 'Both labels', labels: ['overnight', 'agent:codex'] });
    const one = await octokit.rest.issues.create({ ...repo, title: 'One label', labels: ['overnight'] });
    const { data: goals } = await octokit.rest.issues.listForRepo({ ...repo, labels: 'overnight' });
    expect(goals.map((issue) => issue.number)).toStrictEqual([one.data.number, both.data.number]);
    const { data: codex } = await octokit.rest.issues.listForRepo({ ...repo, labels: 'overnight,agent:codex' });
    expect(codex.map((issue) => issue.number)).toStrictEqual([both.data.number]);
    const { data: closed } = await octokit.rest.issues.listForRepo({ ...repo, state: 'closed' });
    expect(closed.map((issue) => issue.title)).toStrictEqual(['Speed up the parser']);
  });

  it('paginates with per_page/page and a Link header that octokit.paginate follows', async () => {
    for (let n = 0; n < 23; n += 1) await octokit.rest.issues.create({ ...repo, title: `Bulk ${n}`, labels: ['bulk'] });
    const first = await octokit.rest.issues.listForRepo({ ...repo, labels: 'bulk', per_page: 10 });
    expect(first.data).toHaveLength(10);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toContain('page=3>; rel="last"');
    const third = await octokit.rest.issues.listForRepo({ ...repo, labels: 'bulk', per_page: 10, page: 3 });
    expect(third.data).toHaveLength(3);
    expect(third.headers.link).not.toContain('rel="next"');
    const all = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, labels: 'bulk', per_page: 10 });
    expect(all.map((issue) => issue.title).sort()).toStrictEqual(Array.from({ length: 23 }, (_, n) => `Bulk ${n}`).sort());
  });

  it('adds, removes and sets issue labels, 404 for one the issue lacks', async () => {
    const { data: issue } = await octokit.rest.issues.create({ ...repo, title: 'Label me' });
    const { data: added } = await octokit.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: ['overnight', 'overnight:paused'] });
    expect(added.map((label) => label.name)).toStrictEqual(['overnight', 'overnight:paused']);
    const { data: left } = await octokit.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: 'overnight:paused' });
    expect(left.map((label) => label.name)).toStrictEqual(['overnight']);
    expect((await failure(octokit.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: 'overnight:paused' }))).status).toBe(404);
    const { data: set } = await octokit.rest.issues.setLabels({ ...repo, issue_number: issue.number, labels: ['agent:claude'] });
    expect(set.map((label) => label.name)).toStrictEqual(['agent:claude']);
  });

  it('lists who added and removed which label in the issue events, as the runner reads them', async () => {
    const { data: issue } = await octokit.rest.issues.create({ ...repo, title: 'Steer me', labels: ['overnight'] });
    await octokit.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: ['agent:codex'] });
    await octokit.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: 'agent:codex' });
    const events = await octokit.paginate(octokit.rest.issues.listEvents, { ...repo, issue_number: issue.number, per_page: 100 });
    expect(events.map((event) => [event.event, (event as { label?: { name: string } }).label?.name, event.actor?.login])).toStrictEqual([
      ['labeled', 'overnight', OWNER],
      ['labeled', 'agent:codex', OWNER],
      ['unlabeled', 'agent:codex', OWNER],
    ]);
  });

  it('creates a label no label has yet when it is added to an issue, grey and undescribed as GitHub does, until updated', async () => {
    const { data: issue } = await octokit.rest.issues.create({ ...repo, title: 'Colour me' });
    expect((await failure(octokit.rest.issues.getLabel({ ...repo, name: 'overnight:partial' }))).status).toBe(404);
    const { data: added } = await octokit.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: ['overnight:partial'] });
    expect(added).toMatchObject([{ name: 'overnight:partial', color: 'ededed', description: null }]);
    await octokit.rest.issues.updateLabel({ ...repo, name: 'overnight:partial', color: 'e99695', description: 'Overnight: out of time' });
    const { data: again } = await octokit.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: ['overnight:partial'] });
    expect(again).toMatchObject([{ name: 'overnight:partial', color: 'e99695', description: 'Overnight: out of time' }]);
  });

  it('gets and creates repository labels: 404 when absent, 422 already_exists twice', async () => {
    expect((await failure(octokit.rest.issues.getLabel({ ...repo, name: 'overnight:dashboard' }))).status).toBe(404);
    const { data: label, status } = await octokit.rest.issues.createLabel({ ...repo, name: 'overnight:dashboard', color: '#5319e7', description: 'The overnight dashboard' });
    expect(status).toBe(201);
    expect(label).toMatchObject({ name: 'overnight:dashboard', color: '5319e7', description: 'The overnight dashboard' });
    expect((await octokit.rest.issues.getLabel({ ...repo, name: 'overnight:dashboard' })).data.id).toBe(label.id);
    const again = await failure(octokit.rest.issues.createLabel({ ...repo, name: 'Overnight:Dashboard', color: '000000' }));
    expect(again).toMatchObject({ status: 422, data: { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] } });
  });

  it('creates, lists and updates comments; reactions answer 201 then 200', async () => {
    const { data: issue } = await octokit.rest.issues.create({ ...repo, title: 'Comment on me' });
    const { data: comment } = await octokit.rest.issues.createComment({ ...repo, issue_number: issue.number, body: '/overnight' });
    expect(comment).toMatchObject({ body: '/overnight', user: { login: OWNER }, author_association: 'OWNER' });
    const { data: edited } = await octokit.rest.issues.updateComment({ ...repo, comment_id: comment.id, body: '/overnight pause' });
    expect(edited.body).toBe('/overnight pause');
    const { data: listed } = await octokit.rest.issues.listComments({ ...repo, issue_number: issue.number });
    expect(listed.map((entry) => entry.body)).toStrictEqual(['/overnight pause']);
    expect((await octokit.rest.issues.get({ ...repo, issue_number: issue.number })).data.comments).toBe(1);

    const first = await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content: 'rocket' });
    const second = await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content: 'rocket' });
    expect([first.status, second.status]).toStrictEqual([201, 200]);
    expect(second.data.id).toBe(first.data.id);
    await octokit.rest.reactions.createForIssue({ ...repo, issue_number: issue.number, content: 'eyes' });
    const { data: reactions } = await octokit.rest.reactions.listForIssueComment({ ...repo, comment_id: comment.id });
    expect(reactions.map((reaction) => [reaction.content, reaction.user?.login])).toStrictEqual([['rocket', OWNER]]);
    const { data: onIssue } = await octokit.rest.issues.get({ ...repo, issue_number: issue.number });
    expect(onIssue.reactions).toMatchObject({ total_count: 1, eyes: 1 });
    const bad = await failure(octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/reactions', { ...repo, issue_number: issue.number, content: 'thumbsup' as 'eyes' }));
    expect(bad.status).toBe(422);
  });

  it('reports collaborator permission: owner admin, default read, what the sandbox was told', async () => {
    const permission = async (username: string) => (await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username })).data;
    expect(await permission(OWNER)).toMatchObject({ permission: 'admin', role_name: 'admin' });
    expect(await permission('drive-by')).toMatchObject({ permission: 'read', role_name: 'read', user: { login: 'drive-by' } });
    started.sandbox.setPermission('maintainer', 'maintain');
    expect(await permission('maintainer')).toMatchObject({ permission: 'write', role_name: 'maintain' });
    started.sandbox.setPermission('triager', 'triage');
    expect(await permission('triager')).toMatchObject({ permission: 'read', role_name: 'triage' });
  });

  it('404s an issue that does not exist and 422s an issue without a title', async () => {
    expect((await failure(octokit.rest.issues.get({ ...repo, issue_number: 9999 }))).status).toBe(404);
    const invalid = await failure(octokit.request('POST /repos/{owner}/{repo}/issues', { ...repo, body: 'no title' } as unknown as { owner: string; repo: string; title: string }));
    expect(invalid.status).toBe(422);
  });
});
